import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createFulfillmentClient } from "../../src/index";
import { json, order, startFaultServer } from "../helpers/fault-server";

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
});
