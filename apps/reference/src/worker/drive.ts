/**
 * Takes one order step by step, as `decide` says, exactly once per step:
 * - every step is checked locally (`checkTransition`) and sent with `from`, the status it was decided
 *   in, and `to`, where the table says it leads: the client reconciles a step whose outcome is
 *   unknown (applied by us, or the order moved by someone else) instead of sending it twice;
 * - a 409, or a lost answer after which the order is somewhere else, means someone else moved the
 *   order: decide again from where it is now;
 * - when the client gives up (429, 5xx or no answer, after its own retries) the order is left where
 *   it is for the next run, not sent again at once: the client has already waited and retried, and
 *   another burst now would only add to the API's load.
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

/** All the worker keeps of an order: what the policy decides on. */
export type OrderRecord = Pick<FulfillmentOrder, "id" | "status" | "transactionType" | "isPreorder">;

export const recordOf = ({ id, status, transactionType, isPreorder }: OrderRecord): OrderRecord => ({
  id,
  status,
  transactionType,
  isPreorder,
});

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
  /** The order as last seen. */
  order: OrderRecord;
  /** The status the order had when it was taken. */
  from: FulfillmentStatus;
  steps: Step[];
  conflicts: number;
  /** Why it stopped short of the goal (a preorder waiting for the customer, a plan refused). */
  waiting?: string;
  /** The client gave up on the API for now (429, 5xx, no answer): left for the next run. */
  retryLater?: string;
  error?: string;
  /** Stopped by a signal before it was finished. */
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
  onConflict?: (order: OrderRecord) => void;
}

const MAX_CONFLICTS = 5;

export async function driveOrder(
  start: OrderRecord,
  decide: (order: OrderRecord) => Decision,
  options: DriveOptions,
): Promise<OrderOutcome> {
  const { client, stop } = options;
  const outcome: OrderOutcome = { order: recordOf(start), from: start.status, steps: [], conflicts: 0 };

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
    try {
      // `to` (where the table says the action leads) lets the client tell our move from someone else's.
      const result = await client.orders.transition(order.id, action, {
        from: order.status,
        to: check.to,
        activationDate,
      });
      if (result.outcome === "moved-elsewhere") {
        // The answer was lost and the order is neither in `from` nor at `to`: someone else acted, not us.
        if (++outcome.conflicts > MAX_CONFLICTS)
          return { ...outcome, error: `order moved elsewhere: ${result.status}` };
        options.onConflict?.(order);
        outcome.order = { ...order, status: result.status };
        continue;
      }
      const step: Step = { ...intent, to: result.status ?? check.to, reconciled: result.reconciled };
      outcome.steps.push(step);
      outcome.order = { ...order, status: step.to };
      options.onStep?.(step);
      continue;
    } catch (error) {
      if (!(error instanceof ConflictError)) return settle(outcome, error);
      if (++outcome.conflicts > MAX_CONFLICTS) return { ...outcome, error: describeError(error) };
      options.onConflict?.(order);
    }

    // Someone else moved it: where is it now? Decide again from there, never from what we hoped.
    try {
      outcome.order = recordOf(await client.orders.get(order.id));
    } catch (error) {
      return settle(outcome, error, "could not re-read the order: ");
    }
  }
}

/** The outcome for an order that could not even be read: nothing was sent. */
export function untouched(order: OrderRecord, error: unknown, prefix = ""): OrderOutcome {
  return settle({ order: recordOf(order), from: order.status, steps: [], conflicts: 0 }, error, prefix);
}

/** Ends the drive on a failure: left for the next run when the client gave up on the API for now. */
function settle(outcome: OrderOutcome, error: unknown, prefix = ""): OrderOutcome {
  const message = prefix + describeError(error);
  return clientGaveUp(error) ? { ...outcome, retryLater: message } : { ...outcome, error: message };
}

/**
 * The client's own words for "I retried and gave up, or cannot know": the error classes it throws
 * once its retries for 429, 5xx and lost connections are spent, and when a transition's outcome is
 * unknown. The worker does not second-guess which statuses are worth retrying; the client decided.
 */
function clientGaveUp(error: unknown): boolean {
  return (
    error instanceof RateLimitError ||
    error instanceof ServerError ||
    error instanceof ConnectionError ||
    error instanceof TransitionOutcomeUnknownError
  );
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
