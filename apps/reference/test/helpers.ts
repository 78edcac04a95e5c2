import type { FulfillmentClient } from "@fulfillkit/client";
import type { FulfillmentOrder } from "@fulfillkit/core";
import type { RunningSandbox, TransitionLogEntry } from "@fulfillkit/sandbox";
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
  const all = await Promise.all(sandbox.apiKeys.map(({ apiKey }) => ordersOf(sandbox, apiKey)));
  return new Map(all.flatMap((orders) => [...orders]));
}

async function control<T>(sandbox: RunningSandbox, path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, init);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The transitions the sandbox applied, from its own log. */
export const appliedLog = (sandbox: RunningSandbox) => control<TransitionLogEntry[]>(sandbox, "/log");

/** How many vendor-API requests the sandbox received, in total and per method and route. */
export const requestCounts = (sandbox: RunningSandbox) =>
  control<{ total: number; byRoute: Record<string, number> }>(sandbox, "/requests");

export const TRANSITION_ROUTE = "POST /v1/fulfillment/orders/:orderId/transitions";

/** Creates an order through the sandbox's control (status `new` unless given). */
export const createOrder = (sandbox: RunningSandbox, facts: Partial<FulfillmentOrder> & { providerId?: number }) =>
  control<FulfillmentOrder>(sandbox, "/orders", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(facts),
  });

export const setFaults = (sandbox: RunningSandbox, faults: Record<string, number>) =>
  control(sandbox, "/faults", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
