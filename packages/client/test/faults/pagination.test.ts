import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createFulfillmentClient, ValidationError } from "../../src/index";
import { json, order, startFaultServer } from "../helpers/fault-server";
import { ordersIn, startOrderServer } from "../helpers/order-server";

let api: Awaited<ReturnType<typeof startFaultServer>>;
let elsewhere: Awaited<ReturnType<typeof startFaultServer>>;
const TOTAL = 23;

beforeAll(async () => {
  elsewhere = await startFaultServer((_req, res) => json(res, 200, { items: [], total: 0, self: { href: "/" } }));
  api = await startFaultServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 100);
    const ids = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, i) => offset + i + 1);
    json(res, 200, {
      items: ids.map((id) => order(id)),
      total: TOTAL,
      self: { href: req.url },
      // A hostile or misconfigured server: `next` points to another origin.
      next: { href: `${elsewhere.url}/v1/fulfillment/orders?offset=${offset + limit}` },
    });
  });
});
afterAll(async () => {
  await api.close();
  await elsewhere.close();
});

const client = () => createFulfillmentClient({ baseUrl: api.url, apiKey: "secret-key", retry: false });

describe("listAll", () => {
  test("walks every page with offset/limit until total, in order", async () => {
    const ids: number[] = [];
    for await (const o of client().orders.listAll({ status: ["new"] }, { pageSize: 10 })) ids.push(o.id);
    expect(ids).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    expect(api.requests.map((r) => new URL(r.url, "http://x").searchParams.get("offset"))).toEqual(["0", "10", "20"]);
    expect(api.requests.every((r) => new URL(r.url, "http://x").searchParams.getAll("status").join() === "new")).toBe(
      true,
    );
  });

  test("never follows a `next` link to another origin: the key stays home", async () => {
    for await (const _ of client().orders.listAll({}, { pageSize: 5 })) {
      // drain
    }
    expect(elsewhere.requests).toHaveLength(0);
  });

  test("requests one page at a time, as the consumer pulls", async () => {
    api.handle((req, res) => {
      const offset = Number(new URL(req.url, "http://x").searchParams.get("offset"));
      json(res, 200, { items: [order(offset + 1), order(offset + 2)], total: 100, self: { href: "/" } });
    });
    const iterator = client().orders.listAll({}, { pageSize: 2 })[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    expect(api.requests).toHaveLength(1);
    await iterator.next();
    expect(api.requests).toHaveLength(2);
    await iterator.return?.();
  });

  test("stops at an empty page even if total says more", async () => {
    api.handle((req, res) => {
      const offset = Number(new URL(req.url, "http://x").searchParams.get("offset"));
      json(res, 200, { items: offset === 0 ? [order(1)] : [], total: 50, self: { href: "/" } });
    });
    const ids: number[] = [];
    for await (const o of client().orders.listAll()) ids.push(o.id);
    expect(ids).toEqual([1]);
    expect(api.requests).toHaveLength(2);
  });

  const offsets = () => api.requests.map((r) => Number(new URL(r.url, "http://x").searchParams.get("offset")));
  const drainIds = async (pageSize = 10) => {
    const ids: number[] = [];
    for await (const o of client().orders.listAll({}, { pageSize })) ids.push(o.id);
    return ids;
  };
  /** A server with 23 orders whose pages are right but whose `total` says `total(offset)`. */
  const withTotal = (total: (offset: number) => number | undefined) =>
    api.handle((req, res) => {
      const offset = Number(new URL(req.url, "http://x").searchParams.get("offset"));
      const ids = Array.from({ length: Math.max(0, Math.min(10, TOTAL - offset)) }, (_, i) => offset + i + 1);
      json(res, 200, { items: ids.map((id) => order(id)), total: total(offset), self: { href: "/" } });
    });

  test.each([
    ["missing", () => undefined],
    ["too small", () => 5],
    ["too large", () => 1000],
    ["changing", (offset: number) => 15 + offset],
  ])("ends with every order when `total` is %s, and never asks for an offset twice", async (_name, total) => {
    withTotal(total);
    expect(await drainIds()).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    expect(offsets()).toEqual([...new Set(offsets())]);
    expect(api.requests.length).toBeLessThanOrEqual(4);
  });

  test("ends when the server ignores `offset` (the same full page again), without yielding it twice", async () => {
    api.handle((_req, res) =>
      json(res, 200, { items: Array.from({ length: 10 }, (_, i) => order(i + 1)), total: 1000, self: { href: "/" } }),
    );
    expect(await drainIds()).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(offsets()).toEqual([0, 10]);
  });

  test.each(["status", "customers", "transactionTypes"])(
    "an empty `%s: []` is a ValidationError (it would list every order), and nothing is sent",
    async (key) => {
      api.handle((_req, res) => json(res, 200, { items: [], total: 0, self: { href: "/" } }));
      const call = () => client().orders.listAll({ [key]: [] });
      expect(call).toThrow(ValidationError);
      expect(call).toThrow(`query.${key} must be a non-empty array (leave it out to list every order) (got an array)`);
      await expect(client().orders.list({ [key]: [] })).rejects.toThrow(ValidationError);
      expect(api.requests).toHaveLength(0);
    },
  );
});

describe("drain: move every order of a filter while iterating", () => {
  test("4 pages of `new` orders, each moved while iterating: every one moved, none missed, each once", async () => {
    const server = await startOrderServer(ordersIn("new", 35));
    try {
      const c = createFulfillmentClient({ baseUrl: server.url, apiKey: "k", retry: false });
      const seen: number[] = [];
      for await (const o of c.orders.drain({ status: ["new"] }, { pageSize: 10 })) {
        seen.push(o.id);
        await c.orders.transition(o.id, "process", { from: o.status, to: "inprocess" });
      }
      expect(seen).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
      expect([...server.state.values()].every((status) => status === "inprocess")).toBe(true);
      expect(server.applied).toHaveLength(35);
      // The ids first (4 list pages), then one GET per order.
      const reads = server.requests.filter((r) => r.method === "GET").map((r) => new URL(r.url, "http://x").pathname);
      expect(reads.filter((path) => path === "/v1/fulfillment/orders")).toHaveLength(4);
      expect(reads.filter((path) => path !== "/v1/fulfillment/orders")).toHaveLength(35);
    } finally {
      await server.close();
    }
  });

  test("listAll would have missed orders: moving them shifts the pages (why drain exists)", async () => {
    const server = await startOrderServer(ordersIn("new", 35));
    try {
      const c = createFulfillmentClient({ baseUrl: server.url, apiKey: "k", retry: false });
      for await (const o of c.orders.listAll({ status: ["new"] }, { pageSize: 10 })) {
        await c.orders.transition(o.id, "process", { from: o.status, to: "inprocess" });
      }
      expect([...server.state.values()].filter((status) => status === "new").length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  test("an order that cannot move comes once, and one that someone else moved meanwhile is skipped", async () => {
    const server = await startOrderServer(ordersIn("new", 25));
    try {
      const c = createFulfillmentClient({ baseUrl: server.url, apiKey: "k", retry: false });
      const seen: number[] = [];
      for await (const o of c.orders.drain({ status: ["new"] }, { pageSize: 10 })) {
        seen.push(o.id);
        if (o.id === 1) server.state.set(20, "cancelled"); // someone else
        if (o.id % 2 === 0) await c.orders.transition(o.id, "process", { from: o.status, to: "inprocess" });
      }
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1).filter((id) => id !== 20));
    } finally {
      await server.close();
    }
  });
});
