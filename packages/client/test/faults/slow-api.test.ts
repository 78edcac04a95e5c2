import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createFulfillmentClient, type TransitionResult } from "../../src/index";
import { ordersIn, startOrderServer } from "../helpers/order-server";

// A slow API, not a dead one: 1 POST in 4 is held past the client's timeout, then applied.
// Generous: the client and this server share one event loop on a loaded machine, so a POST can
// reach the server late; the settle interval (2 × the failed attempt) must still cover the hold.
const TIMEOUT_MS = 1500;
const NEW_ORDERS = 200;
const RETURNED_ORDERS = 40;
const heldFor = (index: number) => (index % 4 === 0 ? TIMEOUT_MS + 150 + ((index * 37) % 151) : undefined);

let api: Awaited<ReturnType<typeof startOrderServer>>;
beforeAll(async () => {
  api = await startOrderServer(
    { ...ordersIn("new", NEW_ORDERS), ...ordersIn("delivery-returned-outbound", RETURNED_ORDERS, 1001) },
    { holdPost: heldFor },
  );
});
afterAll(() => api.close());

async function forEachConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

describe(`a slow API: 1 POST in 4 held 150–300 ms past timeoutMs (${TIMEOUT_MS} ms), then applied`, () => {
  test(`${NEW_ORDERS} × process and ${RETURNED_ORDERS} × processReturnedItem: 0 applied twice, 0 misreported`, async () => {
    const client = createFulfillmentClient({
      baseUrl: api.url,
      apiKey: "k",
      timeoutMs: TIMEOUT_MS,
      retry: { maxRetries: 4, baseDelayMs: 5, maxDelayMs: 50 },
    });
    const work = [
      ...Object.keys(ordersIn("new", NEW_ORDERS)).map((id) => ({
        id: Number(id),
        action: "process" as const,
        from: "new" as const,
        to: "inprocess" as const,
      })),
      ...Object.keys(ordersIn("delivery-returned-outbound", RETURNED_ORDERS, 1001)).map((id) => ({
        id: Number(id),
        action: "processReturnedItem" as const,
        from: "delivery-returned-outbound" as const,
        to: "inprocess" as const,
      })),
    ];
    const answers = new Map<number, TransitionResult | Error>();
    await forEachConcurrently(work, 16, async ({ id, action, from, to }) => {
      answers.set(id, await client.orders.transition(id, action, { from, to }).catch((error: Error) => error));
    });

    const appliedTimes = new Map<number, number>();
    for (const entry of api.applied) appliedTimes.set(entry.orderId, (appliedTimes.get(entry.orderId) ?? 0) + 1);
    const appliedTwice = [...appliedTimes].filter(([, times]) => times > 1);
    // Misreported: the answer contradicts the server (an error for an applied transition, success for
    // one that was not, or a status the order is not in).
    const misreported = work.filter(({ id, to }) => {
      const answer = answers.get(id);
      const applied = appliedTimes.get(id) === 1;
      if (answer instanceof Error || answer === undefined) return applied;
      return !applied || answer.status !== to || api.state.get(id) !== to || answer.outcome === "moved-elsewhere";
    });
    expect(appliedTwice).toEqual([]);
    expect(misreported).toEqual([]);
    expect(api.applied).toHaveLength(work.length);

    // The faults really happened: answers were lost, and the client found those transitions applied.
    const outcomes = [...answers.values()].map((answer) => (answer instanceof Error ? answer.name : answer.outcome));
    expect(outcomes.filter((outcome) => outcome === "already-applied").length).toBeGreaterThanOrEqual(work.length / 8);
  }, 120_000);
});
