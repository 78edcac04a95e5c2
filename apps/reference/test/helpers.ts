import type { FulfillmentClient } from "@fulfillkit/client";
import type { FulfillmentOrder } from "@fulfillkit/core";
import { type RunningSandbox, sandboxControl } from "@fulfillkit/sandbox";
import { connect } from "../src/connect";

/** The app's own client, with a short backoff for the sandbox's fault injection. */
export function clientOf(sandbox: RunningSandbox, apiKey: string): FulfillmentClient {
  return connect({ baseUrl: sandbox.url, apiKey }, { retryBaseMs: 2 });
}

/** The orders one API key sees, by id. */
export async function ordersOf(sandbox: RunningSandbox, apiKey: string): Promise<Map<number, FulfillmentOrder>> {
  const orders = new Map<number, FulfillmentOrder>();
  for await (const order of clientOf(sandbox, apiKey).orders.listAll({}, { pageSize: 1000 })) {
    orders.set(order.id, order);
  }
  return orders;
}

/** Every order of every provider. */
export async function allOrders(sandbox: RunningSandbox): Promise<Map<number, FulfillmentOrder>> {
  const all = await Promise.all(sandbox.providers.map(({ apiKey }) => ordersOf(sandbox, apiKey)));
  return new Map(all.flatMap((orders) => [...orders]));
}

/** The sandbox's own controls (seed, faults, log, request counts). */
export const controlOf = (sandbox: RunningSandbox) => sandboxControl(sandbox.url);

export const TRANSITION_ROUTE = "POST /v1/fulfillment/orders/:orderId/transitions";
