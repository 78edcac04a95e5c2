import type { FulfillmentClient, TransitionResult } from "@fulfillkit/client";
import type { FulfillmentAction, FulfillmentOrder, FulfillmentStatus } from "@fulfillkit/core";
import { nextStatus, providerRoute } from "@fulfillkit/transitions";

/** One transition the driver asked the client for, and what the client said about it. */
export interface DrivenStep {
  orderId: number;
  action: FulfillmentAction;
  from: FulfillmentStatus;
  to: FulfillmentStatus;
  /** Set when the call resolved. */
  result?: TransitionResult;
  /** Set when the call threw. */
  error?: unknown;
}

export interface DriveReport {
  steps: DrivenStep[];
  /** Every order the driver saw, with the status its provider route ends in. */
  ends: Map<number, FulfillmentStatus>;
  /** Orders that had at least one step to take. */
  driven: Set<number>;
  /** Failures of the listing or of the re-read before an order (the order is left for the next run). */
  readErrors: unknown[];
}

/**
 * Drives every order the client's key can see along its provider route (`providerRoute` from
 * `@fulfillkit/transitions`), `concurrency` orders at a time: each step is one
 * `transition(id, action, { from, to })`, with `to` from `nextStatus`. An order stops at its first
 * error or at a result other than `applied`/`already-applied`; running the driver again picks it
 * up where it stands.
 */
export async function driveAlongRoutes(client: FulfillmentClient, concurrency: number): Promise<DriveReport> {
  const report: DriveReport = { steps: [], ends: new Map(), driven: new Set(), readErrors: [] };
  const ids = await listIds(client, report.readErrors);

  async function drive(order: FulfillmentOrder): Promise<void> {
    const route = providerRoute(order);
    report.ends.set(order.id, route.end);
    if (route.actions.length > 0) report.driven.add(order.id);
    let status = order.status;
    for (const action of route.actions) {
      const to = nextStatus({ ...order, status }, action);
      if (!to) throw new Error(`order ${order.id}: the route's ${action} does not fit ${status}`);
      const step: DrivenStep = { orderId: order.id, action, from: status, to };
      report.steps.push(step);
      try {
        step.result = await client.orders.transition(order.id, action, { from: status, to });
      } catch (error) {
        step.error = error;
        return;
      }
      if (step.result.outcome !== "applied" && step.result.outcome !== "already-applied") return;
      status = to;
    }
  }

  async function worker(): Promise<void> {
    for (let id = ids.shift(); id !== undefined; id = ids.shift()) {
      // A fresh status just before the first step (a good `from`), as `drain` would give.
      const order = await client.orders.get(id).catch((error: unknown) => {
        report.readErrors.push(error);
      });
      if (order) await drive(order);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return report;
}

/**
 * The ids of every order, all pages listed before anything moves. Not `drain`: its re-reads come
 * one at a time, and one that fails for good ends the whole iteration; here each worker re-reads
 * its own order, and a failure leaves only that order for the next run.
 */
async function listIds(client: FulfillmentClient, errors: unknown[]): Promise<number[]> {
  const MAX_ATTEMPTS = 20;
  for (;;) {
    try {
      const ids: number[] = [];
      for await (const order of client.orders.listAll({}, { pageSize: 1000 })) ids.push(order.id);
      return ids;
    } catch (error) {
      errors.push(error);
      if (errors.length >= MAX_ATTEMPTS) throw error;
    }
  }
}
