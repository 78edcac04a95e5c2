import { describe, expect, test } from "vitest";
import { createSandboxApp } from "../src/index";

const KEY_A = "sandbox-key-provider-1";
const KEY_B = "sandbox-key-provider-2";

describe("tenants", () => {
  test("a key of provider A never sees or changes provider B's orders", async () => {
    const { app, store } = createSandboxApp({ seed: 3, orders: 100 });
    const bOrders = [...store.orders.values()].filter((s) => s.providerId === 2).map((s) => s.order.id);
    expect(bOrders.length).toBeGreaterThan(0);
    const list = await app.inject({ url: "/v1/fulfillment/orders?limit=1000", headers: { "x-api-key": KEY_A } });
    const seen = list.json().items.map((o: { id: number }) => o.id);
    expect(seen.some((id: number) => bOrders.includes(id))).toBe(false);
    expect(list.json().total).toBe(100 - bOrders.length);
    for (const id of bOrders.slice(0, 5)) {
      const before = JSON.stringify(store.orders.get(id));
      for (const [method, url, payload] of [
        ["GET", `/v1/fulfillment/orders/${id}`, undefined],
        ["POST", `/v1/fulfillment/orders/${id}/transitions`, { action: "cancel" }],
        ["PATCH", `/v1/fulfillment/orders/${id}`, [{ op: "replace", path: "/externalId", value: "stolen" }]],
        ["PUT", `/v1/fulfillment/orders/${id}`, { externalId: "stolen" }],
      ] as const) {
        const response = await app.inject({ method, url, payload, headers: { "x-api-key": KEY_A } });
        expect(response.statusCode).toBe(403);
      }
      expect(JSON.stringify(store.orders.get(id))).toBe(before);
    }
    const asB = await app.inject({ url: `/v1/fulfillment/orders/${bOrders[0]}`, headers: { "x-api-key": KEY_B } });
    expect(asB.statusCode).toBe(200);
  });

  test("missing or unknown key: 401 with an ErrorResponse", async () => {
    const { app } = createSandboxApp({ orders: 5 });
    const missing = await app.inject({ url: "/v1/fulfillment/orders" });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual({
      errorCode: "unauthorized",
      errorDescription: "the X-API-KEY header is missing",
      data: null,
    });
    expect((await app.inject({ url: "/v1/fulfillment/orders", headers: { "x-api-key": "x" } })).statusCode).toBe(401);
  });
});

describe("concurrency", () => {
  test("many parallel transitions on one order: exactly one applied", async () => {
    const { app, store } = createSandboxApp({ orders: 0 });
    await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const address = app.server.address() as { port: number };
      const url = `http://127.0.0.1:${address.port}`;
      const created = await (
        await fetch(`${url}/_sandbox/orders`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ transactionType: "order" }),
        })
      ).json();
      const statuses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          fetch(`${url}/v1/fulfillment/orders/${created.id}/transitions`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-api-key": KEY_A },
            body: JSON.stringify({ action: i % 2 === 0 ? "cancel" : "complete" }),
          }).then((r) => r.status),
        ),
      );
      // From new only cancel is possible: exactly one cancel wins; every other request is a 409.
      expect(statuses.filter((s) => s === 204)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(39);
      expect(store.log.filter((e) => e.orderId === created.id)).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

describe("seed data", () => {
  test("deterministic, every transaction type, preorders, both fulfilment types, spread over statuses, realistic", () => {
    const a = createSandboxApp({ seed: 42, orders: 200 }).store;
    const b = createSandboxApp({ seed: 42, orders: 200 }).store;
    const orders = [...a.orders.values()].map((s) => s.order);
    expect(JSON.stringify(orders)).toBe(JSON.stringify([...b.orders.values()].map((s) => s.order)));
    expect(new Set(orders.map((o) => o.transactionType))).toEqual(
      new Set(["order", "return", "change", "swap", "cancellation"]),
    );
    expect(new Set(orders.map((o) => o.fulfillmentType))).toEqual(new Set(["in-house", "dropshipping"]));
    expect(orders.some((o) => o.isPreorder)).toBe(true);
    expect(new Set(orders.map((o) => o.status)).size).toBeGreaterThanOrEqual(7);
    expect(JSON.stringify(orders)).not.toContain('"string"');
    const other = createSandboxApp({ seed: 43, orders: 200 }).store;
    expect(JSON.stringify([...other.orders.values()][0])).not.toBe(JSON.stringify([...a.orders.values()][0]));
  });
});

describe("faults", () => {
  test("503, 429 with Retry-After and drops come at the configured rates, only on the vendor API", async () => {
    const { app, faults } = createSandboxApp({ orders: 5 });
    faults.configure({ rate503: 0.5, rate429: 0.5, retryAfterSeconds: 2, seed: 9 });
    const statuses = [];
    for (let i = 0; i < 20; i++) {
      const r = await app.inject({ url: "/v1/fulfillment/orders", headers: { "x-api-key": KEY_A } });
      statuses.push(r.statusCode);
      if (r.statusCode === 429) expect(r.headers["retry-after"]).toBe("2");
    }
    expect(new Set(statuses)).toEqual(new Set([503, 429]));
    expect((await app.inject({ url: "/_sandbox/stats" })).statusCode).toBe(200);
  });
});
