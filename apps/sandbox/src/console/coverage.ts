import { TRANSITIONS } from "@fulfillkit/transitions";
import type { TransitionLogEntry } from "../store";

export interface CoverageReport {
  providerId: number;
  /** Each row of the flow's table and whether this tenant's integration has made it. */
  transitions: { from: string; action: string; to: string; made: boolean }[];
  made: number;
  total: number;
  /** The 409 `errorCode`s this tenant has met. */
  refusals: string[];
  /** The fault kinds injected into this tenant's requests. */
  faults: string[];
}

/**
 * What a tenant's integration has rehearsed: the table rows it has moved orders through (read from
 * the sandbox's transition log), the refusals it met and the faults injected into its requests.
 */
export class Coverage {
  private readonly refusals = new Map<number, Set<string>>();
  private readonly faults = new Map<number, Set<string>>();

  note(providerId: number | null, refusalCode: string | undefined, faultKind: string | undefined): void {
    if (providerId === null) return;
    if (refusalCode) add(this.refusals, providerId, refusalCode);
    if (faultKind) add(this.faults, providerId, faultKind);
  }

  clear(): void {
    this.refusals.clear();
    this.faults.clear();
  }

  report(providerId: number, log: readonly TransitionLogEntry[]): CoverageReport {
    const made = new Set(
      log.filter((entry) => entry.providerId === providerId).map((entry) => `${entry.from} ${entry.action}`),
    );
    const transitions = TRANSITIONS.map(({ from, action, to }) => ({
      from,
      action,
      to,
      made: made.has(`${from} ${action}`),
    }));
    return {
      providerId,
      transitions,
      made: transitions.filter((row) => row.made).length,
      total: transitions.length,
      refusals: [...(this.refusals.get(providerId) ?? [])].sort(),
      faults: [...(this.faults.get(providerId) ?? [])].sort(),
    };
  }
}

function add(map: Map<number, Set<string>>, key: number, value: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}
