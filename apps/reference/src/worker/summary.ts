import type { FulfillmentStatus } from "@fulfillkit/core";
import { EXIT, type ExitCode, exitCodeForSignal } from "../exit-codes";
import type { OrderOutcome } from "./drive";

export type StopSignal = "SIGINT" | "SIGTERM";

/** An order the run did not finish, why, and the status it was last seen in. */
export interface Unfinished {
  orderId: number;
  status: FulfillmentStatus;
  error: string;
}

/** What a run did. Also the JSON that `fulfill run --json` prints. */
export interface RunSummary {
  /** Open orders listed at the start. */
  orders: number;
  /** Orders taken and finished (all of them, unless interrupted). */
  done: number;
  /** Final status of every order taken (as last seen, for those left for the next run). */
  byStatus: Partial<Record<FulfillmentStatus, number>>;
  transitions: number;
  /** Transitions whose outcome was unknown (lost connection, 5xx) and that a re-read showed applied. */
  reconciled: number;
  conflictsReplanned: number;
  /** Orders left where only someone else can move them on (preorders waiting for the customer). */
  waiting: number;
  /** The API kept failing on these (429, 5xx, no answer) after the client's retries: not re-sent now. */
  leftForNextRun: Unfinished[];
  failures: Unfinished[];
  /** A signal cut the run short: orders not taken, or not finished, stay where they are. */
  interrupted: boolean;
  /** Which signal, when interrupted. */
  signal?: StopSignal;
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
    leftForNextRun: [],
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
  if (outcome.retryLater) {
    summary.leftForNextRun.push({ orderId: order.id, status: order.status, error: outcome.retryLater });
  }
  if (outcome.error) summary.failures.push({ orderId: order.id, status: order.status, error: outcome.error });
}

/** Interrupted: the signal's code; then 1 when any order failed, 75 when some wait for the next run, 0 otherwise. */
export function exitCodeOf(summary: RunSummary): ExitCode {
  if (summary.interrupted) return exitCodeForSignal(summary.signal ?? "SIGINT");
  if (summary.failures.length > 0) return EXIT.failed;
  return summary.leftForNextRun.length > 0 ? EXIT.retryLater : EXIT.ok;
}
