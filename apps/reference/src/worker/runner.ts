/**
 * The worker behind `fulfill run`: reads every open order, then drives each as far as the provider
 * can (the policy), `concurrency` orders at a time. Idempotent: an order with no work left is read,
 * not touched, so a second run makes no transition.
 */
import type { FulfillmentClient } from "@fulfillkit/client";
import { FULFILLMENT_STATUSES, type FulfillmentOrder } from "@fulfillkit/core";
import { isTerminal } from "@fulfillkit/transitions";
import { driveOrder, type Intent, type OrderOutcome } from "./drive";
import { nextStep } from "./policy";
import { forEachConcurrently } from "./pool";
import { emptySummary, type RunSummary, tally } from "./summary";

/** Every status an order can still leave. */
export const OPEN_STATUSES = FULFILLMENT_STATUSES.filter((status) => !isTerminal(status));

export interface RunOptions {
  client: FulfillmentClient;
  /** Orders driven at once. Default 8. */
  concurrency?: number;
  /** Sent with every `complete`. */
  activationDate?: string;
  /** Ctrl-C: stop taking orders and steps; those in flight finish. */
  stop?: AbortSignal;
  onListed?: (orders: number) => void;
  onOrderDone?: (outcome: OrderOutcome, summary: RunSummary) => void;
  /** Every transition the worker decides to send, before it is sent. */
  onIntent?: (intent: Intent) => void;
}

export async function runWorker(options: RunOptions): Promise<RunSummary> {
  const { client, concurrency = 8, stop } = options;
  const started = performance.now();

  // Read first, then act: moving orders while paging through a status filter would shift the pages.
  const orders: FulfillmentOrder[] = [];
  let listedAll = true;
  for await (const order of client.orders.listAll({ status: OPEN_STATUSES }, { pageSize: 200 })) {
    orders.push(order);
    if (stop?.aborted) {
      listedAll = false;
      break;
    }
  }
  options.onListed?.(orders.length);

  const summary = emptySummary(orders.length);
  await forEachConcurrently(
    orders,
    concurrency,
    async (order) => {
      const outcome = await driveOrder(order, nextStep, {
        client,
        activationDate: options.activationDate,
        stop,
        onIntent: options.onIntent,
      });
      tally(summary, outcome);
      options.onOrderDone?.(outcome, summary);
    },
    stop,
  );
  summary.interrupted ||= !listedAll || summary.done < orders.length;
  summary.seconds = Math.round(performance.now() - started) / 1000;
  return summary;
}
