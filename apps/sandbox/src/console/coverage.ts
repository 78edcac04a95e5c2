import { FULFILLMENT_ACTIONS, FULFILLMENT_STATUSES, TRANSACTION_TYPES } from "@fulfillkit/core";
import { checkTransition, TRANSITIONS } from "@fulfillkit/transitions";
import { FaultInjector, NO_FAULTS } from "../faults";
import type { Persistable } from "../persist";
import type { TransitionLogEntry } from "../store";

export interface CoverageReport {
  providerId: number;
  /** Each row of the flow's table and whether this tenant's integration has made it. */
  transitions: { from: string; action: string; to: string; made: boolean }[];
  made: number;
  total: number;
  /** The 409 `errorCode`s this tenant has met, sorted. */
  refusals: string[];
  /** Every 409 `errorCode` the sandbox's transitions can answer, sorted. */
  refusalCodes: string[];
  /** The fault kinds this tenant's requests have met, sorted. */
  faults: string[];
  /** Every fault kind the sandbox can inject, and `timeout`, sorted. */
  faultKinds: string[];
  /** Every row made and every fault kind met. */
  complete: boolean;
  /** What keeps the rehearsal from complete: `transition new --cancel--> cancelled`, `fault 429`, … */
  missing: string[];
}

/** The client closed the connection before the sandbox answered, with no drop fault injected. */
export const TIMEOUT = "timeout";

/**
 * The kinds of fault the sandbox injects, asked of the injector itself (each rate at 1 in turn),
 * so that a new kind of fault shows up here without a list to keep in step.
 */
export function injectableFaultKinds(): string[] {
  const kinds = new Set<string>([TIMEOUT]);
  for (const setting of Object.keys(NO_FAULTS)) {
    if (!setting.startsWith("rate")) continue;
    const injector = new FaultInjector();
    injector.configure({ [setting]: 1 });
    kinds.add(injector.draw(true).kind);
  }
  kinds.delete("none");
  return [...kinds].sort();
}

/**
 * The 409 codes a transition request can be answered with: the flow's refusals of every action
 * on every kind of order in every status (a body that breaks a rule is a 400, not a 409).
 */
export function answerableRefusalCodes(): string[] {
  const codes = new Set<string>();
  for (const status of FULFILLMENT_STATUSES) {
    for (const transactionType of TRANSACTION_TYPES) {
      for (const isPreorder of [false, true]) {
        for (const action of FULFILLMENT_ACTIONS) {
          const result = checkTransition({ status, transactionType, isPreorder }, { action });
          if (!result.ok) codes.add(result.code);
        }
      }
    }
  }
  return [...codes].sort();
}

const rowKey = (from: string, action: string) => `${from} ${action}`;

/**
 * What a tenant's integration has rehearsed: the table rows it has moved orders through (read from
 * the sandbox's transition log), the refusals it met and the faults its requests met.
 */
export class Coverage implements Persistable {
  readonly stateKey = "coverage";
  private readonly refusals = new Map<number, Set<string>>();
  private readonly faults = new Map<number, Set<string>>();
  readonly refusalCodes = answerableRefusalCodes();
  readonly faultKinds = injectableFaultKinds();

  note(providerId: number | null, refusalCode: string | undefined, faultKind: string | undefined): void {
    if (providerId === null) return;
    if (refusalCode) add(this.refusals, providerId, refusalCode);
    if (faultKind) add(this.faults, providerId, faultKind);
  }

  clear(): void {
    this.refusals.clear();
    this.faults.clear();
  }

  /** The refusals and faults met, per tenant; the rows made are the store's transition log. */
  saveState(): SavedCoverage {
    return { refusals: plain(this.refusals), faults: plain(this.faults) };
  }

  loadState(saved: unknown): void {
    const { refusals, faults } = (saved ?? {}) as Partial<SavedCoverage>;
    if (!isPerTenant(refusals) || !isPerTenant(faults)) {
      throw new Error('coverage: the saved state is not { refusals: { "<providerId>": [codes] }, faults: { … } }');
    }
    this.clear();
    for (const [providerId, codes] of Object.entries(refusals)) this.refusals.set(Number(providerId), new Set(codes));
    for (const [providerId, kinds] of Object.entries(faults)) this.faults.set(Number(providerId), new Set(kinds));
  }

  report(providerId: number, log: readonly TransitionLogEntry[]): CoverageReport {
    const made = new Set<string>();
    for (const entry of log) if (entry.providerId === providerId) made.add(rowKey(entry.from, entry.action));
    const transitions = TRANSITIONS.map(({ from, action, to }) => ({
      from,
      action,
      to,
      made: made.has(rowKey(from, action)),
    }));
    const faults = [...(this.faults.get(providerId) ?? [])].sort();
    const missing = [
      ...transitions.filter((row) => !row.made).map((row) => `transition ${row.from} --${row.action}--> ${row.to}`),
      ...this.faultKinds.filter((kind) => !faults.includes(kind)).map((kind) => `fault ${kind}`),
    ];
    return {
      providerId,
      transitions,
      made: transitions.filter((row) => row.made).length,
      total: transitions.length,
      refusals: [...(this.refusals.get(providerId) ?? [])].sort(),
      refusalCodes: this.refusalCodes,
      faults,
      faultKinds: this.faultKinds,
      complete: missing.length === 0,
      missing,
    };
  }
}

type PerTenant = Record<string, string[]>;

interface SavedCoverage {
  refusals: PerTenant;
  faults: PerTenant;
}

const plain = (map: Map<number, Set<string>>): PerTenant =>
  Object.fromEntries([...map].map(([providerId, values]) => [providerId, [...values].sort()]));

const isPerTenant = (value: unknown): value is PerTenant =>
  typeof value === "object" &&
  value !== null &&
  Object.entries(value).every(
    ([providerId, values]) =>
      Number.isInteger(Number(providerId)) && Array.isArray(values) && values.every((item) => typeof item === "string"),
  );

function add(map: Map<number, Set<string>>, key: number, value: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}
