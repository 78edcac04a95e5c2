import { TransitionOutcomeUnknownError } from "@fulfillkit/client";
import type { FulfillmentStatus } from "@fulfillkit/core";
import type { TransitionLogEntry } from "@fulfillkit/sandbox";
import type { DrivenStep } from "./route-driver";

export const stepKey = (entry: { orderId: number; from: FulfillmentStatus; action: string }) =>
  `${entry.orderId} ${entry.from} ${entry.action}`;

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | number): Map<string | number, T[]> {
  const groups = new Map<string | number, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}

export const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error);

/**
 * Every way in which the client's answers to `steps` contradict the sandbox's log: a change
 * applied twice, a change nobody asked for, an `applied`/`already-applied` the log does not show
 * exactly once (or after which the order was not at `to`), an error saying "not applied" for a
 * change the log shows, a `moved-elsewhere` where nobody else acts. `log` was read once nothing of
 * `steps` could still land; `laterLog` (a superset, read later) and `finalStatus` say where each
 * order went afterwards. `earlierSteps` are the steps of earlier runs, whose changes `log` holds too.
 */
export function contradictions(
  steps: readonly DrivenStep[],
  log: readonly TransitionLogEntry[],
  laterLog: readonly TransitionLogEntry[],
  finalStatus: ReadonlyMap<number, FulfillmentStatus>,
  earlierSteps: readonly DrivenStep[] = [],
): string[] {
  const found: string[] = [];
  const applications = groupBy(log, stepKey);
  const asked = new Set([...earlierSteps, ...steps].map(stepKey));
  for (const [key, entries] of applications) {
    if (entries.length > 1) found.push(`${key}: applied ${entries.length} times`);
    if (!asked.has(String(key))) found.push(`${key}: applied, but never asked for`);
  }
  const byOrder = groupBy(laterLog, (entry) => entry.orderId);
  for (const step of steps) {
    const entries = applications.get(stepKey(step)) ?? [];
    const outcome = step.result?.outcome;
    if (outcome === "applied" || outcome === "already-applied") {
      const [entry] = entries;
      if (entries.length !== 1 || !entry || entry.to !== step.to) {
        found.push(mismatch(step, `the log shows ${entries.length} application(s)`));
        continue;
      }
      const later = (byOrder.get(step.orderId) ?? []).find((other) => other.seq > entry.seq);
      const after = later ? later.from : finalStatus.get(step.orderId);
      if (after !== step.to) found.push(mismatch(step, `the order was at ${after} afterwards`));
    } else if (outcome === "moved-elsewhere") {
      // Nobody else acts on these orders: one can only have moved elsewhere by being moved twice.
      found.push(mismatch(step, `nobody else acts (${step.result?.status})`));
    } else if (step.error !== undefined && !(step.error instanceof TransitionOutcomeUnknownError)) {
      if (entries.length > 0) found.push(mismatch(step, `it was applied by request ${entries[0]?.requestId}`));
    }
  }
  return found;
}

function mismatch(step: DrivenStep, what: string): string {
  const said = step.result ? step.result.outcome : `threw ${errorName(step.error)}`;
  return `order ${step.orderId} ${step.action} ${step.from} → ${step.to}: the client said ${said}, but ${what}`;
}
