import { ConflictError, type FulfillmentClient, TransitionOutcomeUnknownError } from "@fulfillkit/client";
import {
  FULFILLMENT_STATUSES,
  type FulfillmentAction,
  type FulfillmentOrder,
  type FulfillmentStatus,
} from "@fulfillkit/core";
import { checkTransition, isTerminal, nextStatus } from "@fulfillkit/transitions";
import { decide } from "./policy";

export interface Intent {
  orderId: number;
  from: FulfillmentStatus;
  action: FulfillmentAction;
}

export interface OrderOutcome {
  orderId: number;
  status: FulfillmentStatus;
  transitions: number;
  waiting?: string;
  error?: string;
}

export interface RunSummary {
  orders: number;
  byStatus: Partial<Record<FulfillmentStatus, number>>;
  transitions: number;
  conflictsReplanned: number;
  waiting: number;
  failures: Array<{ orderId: number; error: string }>;
  interrupted: boolean;
}

export interface RunOptions {
  client: FulfillmentClient;
  concurrency?: number;
  activationDate?: string;
  /** Stop taking new orders or steps; steps in flight finish. */
  stop?: AbortSignal;
  onOrderDone?: (outcome: OrderOutcome, done: number, total: number) => void;
  /** Every transition the worker decides to send, before it is sent. */
  onIntent?: (intent: Intent) => void;
}

const OPEN_STATUSES = FULFILLMENT_STATUSES.filter((status) => !isTerminal(status));
const MAX_CONFLICTS = 5;
const MAX_FAILED_STEPS = 3;

/**
 * The worker: reads every open order, then takes each as far as the provider can, `concurrency`
 * orders at a time. Idempotent: an order with nothing left to do is not touched.
 */
export async function runWorker(options: RunOptions): Promise<RunSummary> {
  const { client, concurrency = 8, stop } = options;
  // Read first, then act: moving orders while paging through a status filter would shift the pages.
  const queue: FulfillmentOrder[] = [];
  for await (const order of client.orders.listAll({ status: OPEN_STATUSES })) queue.push(order);

  const summary: RunSummary = {
    orders: queue.length,
    byStatus: {},
    transitions: 0,
    conflictsReplanned: 0,
    waiting: 0,
    failures: [],
    interrupted: false,
  };
  let next = 0;
  let done = 0;

  async function lane(): Promise<void> {
    for (let order = queue[next++]; order; order = queue[next++]) {
      if (stop?.aborted) return;
      const outcome = await advanceOrder(order, options, summary);
      summary.byStatus[outcome.status] = (summary.byStatus[outcome.status] ?? 0) + 1;
      if (outcome.waiting) summary.waiting++;
      if (outcome.error) summary.failures.push({ orderId: outcome.orderId, error: outcome.error });
      options.onOrderDone?.(outcome, ++done, queue.length);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  summary.interrupted = stop?.aborted === true && done < queue.length;
  return summary;
}

async function advanceOrder(start: FulfillmentOrder, options: RunOptions, summary: RunSummary): Promise<OrderOutcome> {
  const { client, activationDate, stop } = options;
  let order: FulfillmentOrder = start;
  let transitions = 0;
  let conflicts = 0;
  let failedSteps = 0;

  for (;;) {
    const decision = decide(order);
    if (decision.kind === "done") return { orderId: order.id, status: order.status, transitions };
    if (decision.kind === "wait")
      return { orderId: order.id, status: order.status, transitions, waiting: decision.reason };
    if (stop?.aborted) return { orderId: order.id, status: order.status, transitions };

    const { action } = decision;
    const body = action === "complete" && activationDate ? { action, activationDate } : { action };
    const check = checkTransition(order, body);
    if (!check.ok) return { orderId: order.id, status: order.status, transitions, error: check.reason };

    options.onIntent?.({ orderId: order.id, from: order.status, action });
    try {
      const result = await client.orders.transition(order.id, action, {
        from: order.status,
        activationDate: body.activationDate,
      });
      transitions++;
      summary.transitions++;
      order = { ...order, status: result.status ?? nextStatus(order, action) ?? check.to };
    } catch (error) {
      if (error instanceof ConflictError && conflicts < MAX_CONFLICTS) {
        // Someone else moved the order: re-read it and plan again from where it is.
        conflicts++;
        summary.conflictsReplanned++;
      } else if (!(error instanceof ConflictError) && failedSteps < MAX_FAILED_STEPS) {
        // The client has already retried; a TransitionOutcomeUnknownError or a persistent fault:
        // re-read before deciding anything, never resend blindly.
        failedSteps++;
      } else {
        return { orderId: order.id, status: order.status, transitions, error: describe(error) };
      }
      try {
        order = await client.orders.get(order.id);
      } catch (readError) {
        return { orderId: order.id, status: order.status, transitions, error: describe(readError) };
      }
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof TransitionOutcomeUnknownError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
