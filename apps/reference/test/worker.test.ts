import { createFulfillmentClient } from "@fulfillkit/client";
import type { FulfillmentOrder } from "@fulfillkit/core";
import { type RunningSandbox, startSandbox } from "@fulfillkit/sandbox";
import { providerRoute } from "@fulfillkit/transitions";
import { afterEach, describe, expect, test } from "vitest";
import { EXIT } from "../src/exit-codes";
import type { Intent } from "../src/worker/drive";
import { runWorker } from "../src/worker/runner";
import { exitCodeOf, type RunSummary } from "../src/worker/summary";
import { allOrders, clientOf, controlOf, ordersOf, TRANSITION_ROUTE } from "./helpers";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** Runs the worker once for every provider of the sandbox (each sees only its own orders). */
async function runForEveryProvider(
  running: RunningSandbox,
  options: { activationDate?: string; onIntent?: (intent: Intent) => void } = {},
): Promise<RunSummary[]> {
  return Promise.all(
    running.providers.map(({ apiKey }) => runWorker({ client: clientOf(running, apiKey), ...options })),
  );
}

/** Where the provider's routine leaves an order (@fulfillkit/transitions' providerRoute). */
const destination = (order: FulfillmentOrder) => providerRoute(order).end;

/** Every order is where the policy's destination says, computed from how it was before the run. */
async function expectEveryOrderAtItsDestination(running: RunningSandbox, before: Map<number, FulfillmentOrder>) {
  const after = await allOrders(running);
  expect(after.size).toBe(before.size);
  const misplaced = [...before.values()]
    .filter((order) => after.get(order.id)?.status !== destination(order))
    .map(
      (order) =>
        `order ${order.id} (${order.transactionType}, preorder ${order.isPreorder}, was ${order.status}) is ${after.get(order.id)?.status}, expected ${destination(order)}`,
    );
  expect(misplaced).toEqual([]);
}

/** A sandbox of its own, its first provider, and that provider's orders before the test moves any. */
async function startForOneProvider(seed: number, orders: number) {
  const running = await startSandbox({ seed, orders });
  sandbox = running;
  const [provider] = running.providers;
  if (!provider) throw new Error("the sandbox has no provider");
  return { running, provider, before: await ordersOf(running, provider.apiKey) };
}

const sum = (summaries: RunSummary[], key: "transitions" | "reconciled" | "conflictsReplanned" | "orders") =>
  summaries.reduce((total, summary) => total + summary[key], 0);

describe("fulfill run over 300 seeded orders", () => {
  test("every order ends where the policy says for its kind; a second run makes 0 transitions", async () => {
    sandbox = await startSandbox({ seed: 11, orders: 300 });
    const before = await allOrders(sandbox);
    expect(before.size).toBe(300);
    // The seed covers every kind and status the table distinguishes.
    expect(new Set([...before.values()].map((o) => o.status)).size).toBeGreaterThanOrEqual(8);
    expect([...before.values()].some((o) => o.isPreorder && o.status === "new")).toBe(true);

    const first = await runForEveryProvider(sandbox, { activationDate: "2026-12-01T00:00:00Z" });
    expect(first.flatMap((summary) => summary.failures)).toEqual([]);
    await expectEveryOrderAtItsDestination(sandbox, before);

    const log = await controlOf(sandbox).log();
    expect(sum(first, "transitions")).toBe(log.length);
    expect(log.length).toBeGreaterThan(500);
    const completes = log.filter((entry) => entry.action === "complete");
    expect(completes.length).toBeGreaterThan(0);
    expect(completes.every((entry) => entry.activationDate === "2026-12-01T00:00:00Z")).toBe(true);

    const postsBefore = (await controlOf(sandbox).requests()).byRoute[TRANSITION_ROUTE];
    const second = await runForEveryProvider(sandbox);
    expect(sum(second, "transitions")).toBe(0);
    expect(second.flatMap((summary) => summary.failures)).toEqual([]);
    expect((await controlOf(sandbox).requests()).byRoute[TRANSITION_ROUTE]).toBe(postsBefore);
    expect(await controlOf(sandbox).log()).toHaveLength(log.length);
  });

  test("under 20 % faults (503, 429 with Retry-After, dropped connections): the same end state after at most one re-run, no step applied twice", async () => {
    sandbox = await startSandbox({ seed: 12, orders: 300 });
    const before = await allOrders(sandbox);
    await controlOf(sandbox).setFaults({ rate503: 0.07, rate429: 0.07, rateDrop: 0.06, retryAfterSeconds: 0, seed: 5 });
    const intents: Intent[] = [];
    const first = await runForEveryProvider(sandbox, { onIntent: (intent) => intents.push(intent) });
    // An order the client gave up on (its every retry faulted) waits for the next run: at most one re-run.
    const again = first.some((summary) => summary.leftForNextRun.length > 0)
      ? await runForEveryProvider(sandbox, { onIntent: (intent) => intents.push(intent) })
      : [];
    const summaries = [...first, ...again];
    const requests = await controlOf(sandbox).requests();
    await controlOf(sandbox).setFaults({ rate503: 0, rate429: 0, rateDrop: 0 });

    expect(summaries.flatMap((summary) => summary.failures)).toEqual([]);
    expect(again.flatMap((summary) => summary.leftForNextRun)).toEqual([]);
    await expectEveryOrderAtItsDestination(sandbox, before);

    // Every applied transition answers an intent with the same order, from-status and action, and no
    // intent was applied more often than the worker meant it.
    const key = (entry: Intent) => `order ${entry.orderId}: ${entry.action} from ${entry.from}`;
    const intended = new Map<string, number>();
    for (const intent of intents) intended.set(key(intent), (intended.get(key(intent)) ?? 0) + 1);
    const log = await controlOf(sandbox).log();
    const applied = new Map<string, number>();
    for (const entry of log) applied.set(key(entry as Intent), (applied.get(key(entry as Intent)) ?? 0) + 1);
    const twice = [...applied].filter(([k, count]) => count > (intended.get(k) ?? 0));
    expect(twice).toEqual([]);
    // The worker counted exactly what the sandbox applied, lost answers included.
    expect(sum(summaries, "transitions")).toBe(log.length);

    // The faults really happened: sends were repeated, and some answers were lost after the change was made.
    expect(requests.total).toBeGreaterThan(log.length * 1.15);
    expect(sum(summaries, "reconciled")).toBeGreaterThan(0);
  });

  test("a 409 (someone else moved the order) is re-read and re-planned, and the order still ends at its destination", async () => {
    const { running, provider, before } = await startForOneProvider(13, 60);
    const mine = [...before.values()].filter((order) => order.status === "new").slice(0, 5);
    expect(mine).toHaveLength(5);
    const movedBySomeoneElse = new Set(mine.map((order) => order.id));

    // Another system (a colleague, the customer's portal) takes the same first step just before the worker does.
    const client = createFulfillmentClient({
      baseUrl: running.url,
      apiKey: provider.apiKey,
      fetch: async (request) => {
        const match = request.method === "POST" && /orders\/(\d+)\/transitions$/.exec(new URL(request.url).pathname);
        if (match && movedBySomeoneElse.delete(Number(match[1]))) {
          await fetch(request.clone());
        }
        return fetch(request);
      },
    });
    const summary = await runWorker({ client });

    expect(summary.failures).toEqual([]);
    expect(summary.conflictsReplanned).toBe(mine.length);
    const after = await ordersOf(running, provider.apiKey);
    for (const order of before.values()) expect(after.get(order.id)?.status).toBe(destination(order));
  });

  test("an order the API keeps failing on (500 after the client's retries) is left for the next run, not re-sent at once", async () => {
    const { running, provider, before } = await startForOneProvider(14, 40);
    const broken = [...before.values()].find((order) => order.status === "new" && order.transactionType === "order");
    if (!broken) throw new Error("the seed has no new order");

    let failing = true;
    const client = createFulfillmentClient({
      baseUrl: running.url,
      apiKey: provider.apiKey,
      retry: { baseDelayMs: 1 },
      fetch: async (request) =>
        failing && request.method === "POST" && request.url.includes(`/orders/${broken.id}/transitions`)
          ? new Response(JSON.stringify({ errorCode: "internal", errorDescription: "boom" }), { status: 500 })
          : fetch(request),
    });
    const intents: Intent[] = [];
    const summary = await runWorker({ client, onIntent: (intent) => intents.push(intent) });

    expect(summary.failures).toEqual([]);
    expect(summary.leftForNextRun).toEqual([
      { orderId: broken.id, status: "new", error: expect.stringContaining("500") },
    ]);
    // One call to the client for it (the client's own retries inside); the worker did not send again.
    expect(intents.filter((intent) => intent.orderId === broken.id)).toHaveLength(1);
    expect(exitCodeOf(summary)).toBe(EXIT.retryLater);
    const after = await ordersOf(running, provider.apiKey);
    expect(after.get(broken.id)?.status).toBe("new");
    for (const order of before.values()) {
      if (order.id !== broken.id) expect(after.get(order.id)?.status).toBe(destination(order));
    }

    // The next run, with the API well again, takes it to its destination.
    failing = false;
    const next = await runWorker({ client });
    expect(next.leftForNextRun).toEqual([]);
    expect(exitCodeOf(next)).toBe(EXIT.ok);
    expect((await ordersOf(running, provider.apiKey)).get(broken.id)?.status).toBe(destination(broken));
  });

  test("an order the server refuses for good (403) is a failure: exit 1", async () => {
    const { running, provider, before } = await startForOneProvider(15, 20);
    const refused = [...before.values()].find((order) => order.status === "new");
    if (!refused) throw new Error("the seed has no new order");
    const client = createFulfillmentClient({
      baseUrl: running.url,
      apiKey: provider.apiKey,
      fetch: async (request) =>
        request.method === "POST" && request.url.includes(`/orders/${refused.id}/transitions`)
          ? new Response(JSON.stringify({ errorCode: "forbidden", errorDescription: "not yours" }), { status: 403 })
          : fetch(request),
    });
    const summary = await runWorker({ client });
    expect(summary.failures).toEqual([{ orderId: refused.id, status: "new", error: expect.stringContaining("403") }]);
    expect(summary.leftForNextRun).toEqual([]);
    expect(exitCodeOf(summary)).toBe(EXIT.failed);
  });

  test("each order with work is read again right before it is driven; orders without work are not read", async () => {
    const { running, provider, before } = await startForOneProvider(16, 60);
    // Someone else moves an order after the listing: the worker must start from where it is now.
    const moved = [...before.values()].find((order) => order.status === "new" && order.transactionType === "order");
    if (!moved) throw new Error("the seed has no new order");
    const reads = new Map<number, number>();
    let listed = false;
    const client = createFulfillmentClient({
      baseUrl: running.url,
      apiKey: provider.apiKey,
      fetch: async (request) => {
        const id = /orders\/(\d+)$/.exec(new URL(request.url).pathname)?.[1];
        if (request.method === "GET" && id) reads.set(Number(id), (reads.get(Number(id)) ?? 0) + 1);
        const response = await fetch(request);
        if (request.method === "GET" && !id && !listed) {
          // The listing (one page) is answered; before the worker takes any order, someone else moves one.
          listed = true;
          await clientOf(running, provider.apiKey).orders.transition(moved.id, "process", { from: "new" });
        }
        return response;
      },
    });
    const summary = await runWorker({ client, concurrency: 1 });
    expect(summary.failures).toEqual([]);
    expect(summary.conflictsReplanned).toBe(0);
    const log = await controlOf(running).log();
    // The other system's `process` and the worker's steps from inprocess on: none refused, none doubled.
    expect(log.filter((entry) => entry.orderId === moved.id).map((entry) => entry.action)).toEqual([
      "process",
      "process",
      "dispatchDelivery",
      "confirmDelivery",
      "complete",
    ]);
    const withWork = [...before.values()].filter((order) => destination(order) !== order.status);
    const withoutWork = [...before.values()].filter((order) => destination(order) === order.status);
    expect(withWork.length).toBeGreaterThan(0);
    expect(withoutWork.length).toBeGreaterThan(0);
    for (const order of withWork) expect(reads.get(order.id)).toBe(1);
    for (const order of withoutWork) expect(reads.get(order.id)).toBeUndefined();
  });
});
