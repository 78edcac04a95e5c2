/**
 * The worker behind `fulfill run`: lists the open orders, keeping only a small record of each
 * (id, status, kind), then drives each as far as the provider can (the policy), `concurrency`
 * orders at a time. An order with work to do is read again right before it is driven, so every
 * step starts from a status at most one request old. Idempotent: an order with no work left is
 * not touched, so a second run makes no transition.
 */
import type { FulfillmentClient } from "@fulfillkit/client";
import { FULFILLMENT_STATUSES } from "@fulfillkit/core";
import { isTerminal } from "@fulfillkit/transitions";
import { Backlog } from "./backlog";
import { driveOrder, type Intent, type OrderOutcome, type OrderRecord, recordOf, untouched } from "./drive";
import { nextStep } from "./policy";
import { forEachConcurrently } from "./pool";
import { emptySummary, type RunSummary, type StopSignal, tally } from "./summary";

/** Every status an order can still leave. */
export const OPEN_STATUSES = FULFILLMENT_STATUSES.filter((status) => !isTerminal(status));

export interface RunOptions {
  client: FulfillmentClient;
  /** Orders driven at once. Default 8. */
  concurrency?: number;
  /** Sent with every `complete`. */
  activationDate?: string;
  /** Ctrl-C or SIGTERM: stop taking orders and steps; those in flight finish. Its reason names the signal. */
  stop?: AbortSignal;
  onListed?: (orders: number) => void;
  onOrderDone?: (outcome: OrderOutcome, summary: RunSummary) => void;
  /** Every transition the worker decides to send, before it is sent. */
  onIntent?: (intent: Intent) => void;
}

export async function runWorker(options: RunOptions): Promise<RunSummary> {
  const { client, concurrency = 8, stop } = options;
  const started = performance.now();

  // List first, then act: moving orders while paging through a status filter would shift the
  // pages. Only the record is kept (in a compact Backlog); one page of full orders at a time is in memory.
  const records = new Backlog();
  let listedAll = true;
  for await (const order of client.orders.listAll({ status: OPEN_STATUSES }, { pageSize: 500 })) {
    records.push(order);
    if (stop?.aborted) {
      listedAll = false;
      break;
    }
  }
  options.onListed?.(records.length);

  const summary = emptySummary(records.length);
  await forEachConcurrently(
    records,
    concurrency,
    async (record) => {
      const outcome = await takeOrder(record, options);
      tally(summary, outcome);
      options.onOrderDone?.(outcome, summary);
    },
    stop,
  );
  summary.interrupted ||= !listedAll || summary.done < records.length;
  if (summary.interrupted) summary.signal = stopSignalOf(stop);
  summary.seconds = Math.round(performance.now() - started) / 1000;
  return summary;
}

/** Reads the order again when the policy has work for it (the listing may be minutes old), then drives it. */
async function takeOrder(record: OrderRecord, options: RunOptions): Promise<OrderOutcome> {
  const { client } = options;
  const drive = { client, activationDate: options.activationDate, stop: options.stop, onIntent: options.onIntent };
  if (nextStep(record).kind !== "act") return driveOrder(record, nextStep, drive);
  let fresh: OrderRecord;
  try {
    fresh = recordOf(await client.orders.get(record.id));
  } catch (error) {
    return untouched(record, error, "could not read the order: ");
  }
  return driveOrder(fresh, nextStep, drive);
}

/** The signal named as the stop's reason (`fulfill run` aborts with "SIGINT" or "SIGTERM"). */
function stopSignalOf(stop: AbortSignal | undefined): StopSignal {
  return stop?.reason === "SIGTERM" ? "SIGTERM" : "SIGINT";
}
