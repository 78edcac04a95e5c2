import type { FulfillmentStatus } from "@fulfillkit/core";
import type { OrderOutcome } from "./drive";

/** What a run did. Also the JSON that `fulfill run --json` prints. */
export interface RunSummary {
  /** Open orders read at the start. */
  orders: number;
  /** Orders taken and finished (all of them, unless interrupted). */
  done: number;
  /** Final status of every order taken. */
  byStatus: Partial<Record<FulfillmentStatus, number>>;
  transitions: number;
  /** Transitions whose outcome was unknown (lost connection, 5xx) and that a re-read showed applied. */
  reconciled: number;
  conflictsReplanned: number;
  /** Orders left where only someone else can move them on (preorders waiting for the customer). */
  waiting: number;
  failures: Array<{ orderId: number; status: FulfillmentStatus; error: string }>;
  /** Ctrl-C cut the run short: orders not taken, or not finished, stay where they are. */
  interrupted: boolean;
  seconds: number;
}

export function emptySummary(orders = 0): RunSummary {
  return {
    orders,
    done: 0,
    byStatus: {},
    transitions: 0,
    reconciled: 0,
    conflictsReplanned: 0,
    waiting: 0,
    failures: [],
    interrupted: false,
    seconds: 0,
  };
}

export function tally(summary: RunSummary, outcome: OrderOutcome): void {
  const { order } = outcome;
  summary.done++;
  summary.byStatus[order.status] = (summary.byStatus[order.status] ?? 0) + 1;
  summary.transitions += outcome.steps.length;
  summary.reconciled += outcome.steps.filter((step) => step.reconciled).length;
  summary.conflictsReplanned += outcome.conflicts;
  if (outcome.waiting) summary.waiting++;
  if (outcome.interrupted) summary.interrupted = true;
  if (outcome.error) summary.failures.push({ orderId: order.id, status: order.status, error: outcome.error });
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INTERRUPTED = 130;

/** 130 when interrupted (as a shell reports Ctrl-C), 1 when any order failed, 0 otherwise. */
export function exitCodeOf(summary: RunSummary): number {
  if (summary.interrupted) return EXIT_INTERRUPTED;
  return summary.failures.length > 0 ? EXIT_FAILED : EXIT_OK;
}
