/**
 * Takes one order step by step, as `decide` says, exactly once per step:
 * - every step is checked locally (`checkTransition`) and sent with `from`, the status it was decided
 *   in, so the client can reconcile a step whose outcome is unknown instead of sending it twice;
 * - a 409 means someone else moved the order: re-read it, decide again from where it is now;
 * - a failure the client could not ride out: re-read, decide again, a bounded number of times.
 * `fulfill run` drives each order with the worker's policy; `fulfill orders advance` with a plan.
 */
import {
  ConflictError,
  ConnectionError,
  type FulfillmentClient,
  RateLimitError,
  ServerError,
  TransitionOutcomeUnknownError,
} from "@fulfillkit/client";
import type { FulfillmentAction, FulfillmentOrder, FulfillmentStatus } from "@fulfillkit/core";
import { checkTransition } from "@fulfillkit/transitions";
import type { Decision } from "./policy";

/** A transition the worker decided to send: recorded before it is sent. */
export interface Intent {
  orderId: number;
  from: FulfillmentStatus;
  action: FulfillmentAction;
}

/** A transition that happened. `reconciled`: its outcome was unknown and a re-read showed it applied. */
export interface Step extends Intent {
  to: FulfillmentStatus;
  reconciled: boolean;
}

export interface OrderOutcome {
  order: FulfillmentOrder;
  /** The status the order had when it was taken. */
  from: FulfillmentStatus;
  steps: Step[];
  conflicts: number;
  /** Why it stopped short of the goal (a preorder waiting for the customer, a plan refused). */
  waiting?: string;
  error?: string;
  /** Stopped by Ctrl-C before it was finished. */
  interrupted?: boolean;
}

export interface DriveOptions {
  client: FulfillmentClient;
  /** Sent with `complete`, the only action that takes one. */
  activationDate?: string;
  /** When aborted, no new step starts; the step in flight finishes. */
  stop?: AbortSignal;
  onIntent?: (intent: Intent) => void;
  onStep?: (step: Step) => void;
  onConflict?: (order: FulfillmentOrder) => void;
}

const MAX_CONFLICTS = 5;
const MAX_FAILED_ATTEMPTS = 3;

export async function driveOrder(
  start: FulfillmentOrder,
  decide: (order: FulfillmentOrder) => Decision,
  options: DriveOptions,
): Promise<OrderOutcome> {
  const { client, stop } = options;
  const outcome: OrderOutcome = { order: start, from: start.status, steps: [], conflicts: 0 };
  let failedAttempts = 0;

  for (;;) {
    const order = outcome.order;
    const decision = decide(order);
    if (decision.kind === "done") return outcome;
    if (decision.kind === "wait") return { ...outcome, waiting: decision.reason };
    if (stop?.aborted) return { ...outcome, interrupted: true };

    const { action } = decision;
    const activationDate = action === "complete" ? options.activationDate : undefined;
    const check = checkTransition(order, activationDate ? { action, activationDate } : { action });
    if (!check.ok) return { ...outcome, error: `refused (${check.code}): ${check.reason}` };

    const intent: Intent = { orderId: order.id, from: order.status, action };
    options.onIntent?.(intent);
    let conflict = false;
    try {
      const result = await client.orders.transition(order.id, action, { from: order.status, activationDate });
      const to = result.reconciled && result.status ? result.status : check.to;
      record(outcome, options, { ...intent, to, reconciled: result.reconciled });
      continue;
    } catch (error) {
      conflict = error instanceof ConflictError;
      if (conflict) {
        if (++outcome.conflicts > MAX_CONFLICTS) return { ...outcome, error: describe(error) };
        options.onConflict?.(order);
      } else if (!isTransient(error) || ++failedAttempts > MAX_FAILED_ATTEMPTS) {
        return { ...outcome, error: describe(error) };
      }
    }

    // Where is the order now? Decide again from there, never from what we hoped.
    try {
      outcome.order = await client.orders.get(order.id);
    } catch (error) {
      return { ...outcome, error: `could not re-read the order: ${describe(error)}` };
    }
    // Not a conflict: the step's outcome was unknown to the client, and the re-read says it was applied.
    if (!conflict && outcome.order.status === check.to) {
      record(outcome, options, { ...intent, to: check.to, reconciled: true }, outcome.order);
    }
  }
}

function record(outcome: OrderOutcome, options: DriveOptions, step: Step, reread?: FulfillmentOrder): void {
  outcome.steps.push(step);
  outcome.order = reread ?? { ...outcome.order, status: step.to };
  options.onStep?.(step);
}

/** Failures worth another look: the request may not have been processed, or its outcome is unknown. */
function isTransient(error: unknown): boolean {
  return (
    error instanceof TransitionOutcomeUnknownError ||
    error instanceof ServerError ||
    error instanceof RateLimitError ||
    error instanceof ConnectionError
  );
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
