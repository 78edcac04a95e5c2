import { createFulfillmentClient } from "@fulfillkit/client";
import type { FulfillmentOrder, FulfillmentStatus } from "@fulfillkit/core";
import { type RunningSandbox, startSandbox } from "@fulfillkit/sandbox";
import { afterEach, describe, expect, test } from "vitest";
import { type Intent, runWorker } from "../src/worker/run";

const KEY = "sandbox-key-provider-1";
let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** Where each order must end, written from the flow independently of the worker's policy. */
function expectedEnd(order: FulfillmentOrder): FulfillmentStatus {
  if (order.status === "processed" || order.status === "cancelled") return order.status;
  if (order.transactionType === "return" || order.transactionType === "cancellation") return "processed";
  if (!order.isPreorder) return "processed";
  // A preorder ships only after the customer's request; until then it waits, prepared.
  return ["delivery-requested-outbound", "in-delivery-outbound", "delivered-outbound"].includes(order.status)
    ? "processed"
    : "ready-for-delivery";
}

const ownOrders = (s: RunningSandbox) =>
  [...s.store.orders.values()]
    .filter((stored) => stored.providerId === 1)
    .map((stored) => structuredClone(stored.order));

const clientFor = (s: RunningSandbox) =>
  createFulfillmentClient({ baseUrl: s.url, apiKey: KEY, retry: { maxRetries: 6, baseDelayMs: 2, maxDelayMs: 20 } });

describe("fulfill run over 300 seeded orders", () => {
  test("every order ends where the flow says for its kind; a second run makes 0 transitions", async () => {
    sandbox = await startSandbox({ seed: 11, orders: 300 });
    const before = ownOrders(sandbox);
    const summary = await runWorker({ client: clientFor(sandbox), activationDate: "2026-12-01T00:00:00Z" });
    expect(summary.failures).toEqual([]);
    expect(summary.transitions).toBeGreaterThan(200);
    for (const order of before) {
      expect(
        sandbox.store.orders.get(order.id)?.order.status,
        `order ${order.id} (${order.transactionType}, preorder ${order.isPreorder}, was ${order.status})`,
      ).toBe(expectedEnd(order));
    }
    const completes = sandbox.store.log.filter((entry) => entry.action === "complete");
    expect(completes.length).toBeGreaterThan(0);
    expect(completes.every((entry) => entry.activationDate === "2026-12-01T00:00:00Z")).toBe(true);

    const again = await runWorker({ client: clientFor(sandbox) });
    expect(again.transitions).toBe(0);
    expect(again.failures).toEqual([]);
  });

  test("under 20 % faults (503, 429 with Retry-After, dropped connections): same end state, no transition applied twice for one intent", async () => {
    sandbox = await startSandbox({ seed: 12, orders: 300 });
    const before = ownOrders(sandbox);
    sandbox.faults.configure({ rate503: 0.07, rate429: 0.07, rateDrop: 0.06, retryAfterSeconds: 0, seed: 5 });
    const intents: Intent[] = [];
    const summary = await runWorker({ client: clientFor(sandbox), onIntent: (intent) => intents.push(intent) });
    sandbox.faults.configure({ rate503: 0, rate429: 0, rateDrop: 0 });

    expect(summary.failures).toEqual([]);
    for (const order of before) expect(sandbox.store.orders.get(order.id)?.order.status).toBe(expectedEnd(order));

    // Every applied transition answers an intent with the same order, from-status and action,
    // and none is applied more often than it was intended.
    const key = (e: { orderId: number; from: string; action: string }) => `${e.orderId}:${e.from}:${e.action}`;
    const intended = new Map<string, number>();
    for (const intent of intents) intended.set(key(intent), (intended.get(key(intent)) ?? 0) + 1);
    const applied = new Map<string, number>();
    for (const entry of sandbox.store.log) applied.set(key(entry), (applied.get(key(entry)) ?? 0) + 1);
    for (const [k, count] of applied) expect(count, k).toBeLessThanOrEqual(intended.get(k) ?? 0);
    // The faults really happened: some sends were repeated or reconciled.
    expect(intents.length).toBeGreaterThan(sandbox.store.log.length - 1);
    const requests = (await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()) as { total: number };
    expect(requests.total).toBeGreaterThan(intents.length);
  });

  test("Ctrl-C (the stop signal) lets steps in flight finish and stops taking orders", async () => {
    sandbox = await startSandbox({ seed: 13, orders: 200 });
    sandbox.faults.configure({ latencyMs: 20 });
    const stop = new AbortController();
    let finished = 0;
    const summary = await runWorker({
      client: clientFor(sandbox),
      concurrency: 4,
      stop: stop.signal,
      onOrderDone: () => {
        if (++finished === 10) stop.abort();
      },
    });
    expect(summary.interrupted).toBe(true);
    expect(finished).toBeLessThan(summary.orders);
    expect(finished).toBeGreaterThanOrEqual(10);
  });
});
