import { describe, expect, test } from "vitest";
import { createFulfillmentClient, type FulfillmentClient, ValidationError } from "../../src/index";

let sent = 0;
const countingFetch = async () => {
  sent++;
  return new Response(null, { status: 204 });
};
const client = createFulfillmentClient({ baseUrl: "http://127.0.0.1:1", apiKey: "k", fetch: countingFetch });
// Bad input arrives from untyped callers (JSON, plain JS): the cast stands for them.
const loose = client as unknown as {
  orders: { [M in keyof FulfillmentClient["orders"]]: (...args: unknown[]) => unknown };
};

type Case = [label: string, field: string | RegExp, call: (c: typeof loose) => unknown];
const long = "x".repeat(101);

const CASES: Case[] = [
  ["get: orderId 0", "orderId", (c) => c.orders.get(0)],
  ["get: negative orderId", "orderId", (c) => c.orders.get(-1)],
  ["get: fractional orderId", "orderId", (c) => c.orders.get(1.5)],
  ["get: orderId as string", "orderId", (c) => c.orders.get("42")],
  ["get: NaN", "orderId", (c) => c.orders.get(Number.NaN)],
  ["get: beyond safe integers", "orderId", (c) => c.orders.get(2 ** 53)],
  ["get: Infinity", "orderId", (c) => c.orders.get(Number.POSITIVE_INFINITY)],
  ["transition: unknown action", "action", (c) => c.orders.transition(1, "ship")],
  ["transition: action in wrong case", "action", (c) => c.orders.transition(1, "Process")],
  ["transition: no action", "action", (c) => c.orders.transition(1)],
  ["transition: bad orderId", "orderId", (c) => c.orders.transition(0, "process")],
  [
    "transition: activationDate with process",
    "activationDate",
    (c) => c.orders.transition(1, "process", { activationDate: "2026-12-01T00:00:00Z" }),
  ],
  [
    "transition: activationDate with cancel",
    "activationDate",
    (c) => c.orders.transition(1, "cancel", { activationDate: "2026-12-01T00:00:00Z" }),
  ],
  [
    "transition: activationDate not a date",
    "activationDate",
    (c) => c.orders.transition(1, "complete", { activationDate: "soon" }),
  ],
  [
    "transition: activationDate without time",
    "activationDate",
    (c) => c.orders.transition(1, "complete", { activationDate: "2026-12-01" }),
  ],
  [
    "transition: impossible date (Feb 31)",
    "activationDate",
    (c) => c.orders.transition(1, "complete", { activationDate: "2026-02-31T00:00:00Z" }),
  ],
  [
    "transition: activationDate as number",
    "activationDate",
    (c) => c.orders.transition(1, "complete", { activationDate: 1 }),
  ],
  ["transition: unknown from", "from", (c) => c.orders.transition(1, "process", { from: "shipped" })],
  ["setExternalId: 101 characters", "externalId", (c) => c.orders.setExternalId(1, long)],
  ["setExternalId: a number", "externalId", (c) => c.orders.setExternalId(1, 5)],
  ["setExternalId: bad orderId", "orderId", (c) => c.orders.setExternalId(-5, "x")],
  ["update: externalId over 100", "body.externalId", (c) => c.orders.update(1, { externalId: long })],
  ["update: unknown property", "body.status", (c) => c.orders.update(1, { status: "processed" })],
  ["update: not an object", "body", (c) => c.orders.update(1, "x")],
  ["update: bad orderId", "orderId", (c) => c.orders.update(0, { externalId: "x" })],
  [
    "patch: path other than /externalId",
    "ops[0].path",
    (c) => c.orders.patch(1, [{ op: "replace", path: "/status", value: "processed" }]),
  ],
  [
    "patch: second op bad",
    "ops[1].path",
    (c) =>
      c.orders.patch(1, [
        { op: "replace", path: "/externalId", value: "a" },
        { op: "remove", path: "/id" },
      ]),
  ],
  ["patch: move", "ops[0].op", (c) => c.orders.patch(1, [{ op: "move", path: "/externalId", from: "/x" }])],
  [
    "patch: value too long",
    "ops[0].value",
    (c) => c.orders.patch(1, [{ op: "replace", path: "/externalId", value: long }]),
  ],
  ["patch: empty list", "ops", (c) => c.orders.patch(1, [])],
  ["patch: not a list", "ops", (c) => c.orders.patch(1, { op: "replace" })],
  [
    "patch: extra key",
    "ops[0].from",
    (c) => c.orders.patch(1, [{ op: "replace", path: "/externalId", value: "a", from: "/b" }]),
  ],
  ["list: limit 0", "query.limit", (c) => c.orders.list({ limit: 0 })],
  ["list: limit 1001", "query.limit", (c) => c.orders.list({ limit: 1001 })],
  ["list: fractional limit", "query.limit", (c) => c.orders.list({ limit: 2.5 })],
  ["list: offset beyond int32", "query.offset", (c) => c.orders.list({ offset: 2 ** 31 })],
  ["list: impossible date (Feb 30)", "query.before", (c) => c.orders.list({ before: "2026-02-30T00:00:00Z" })],
  ["list: hour 24", "query.after", (c) => c.orders.list({ after: "2026-03-01T24:00:00Z" })],
  ["list: unknown sortBy", "query.sortBy", (c) => c.orders.list({ sortBy: "price" })],
  ["list: unknown sortOrder", "query.sortOrder", (c) => c.orders.list({ sortOrder: "up" })],
  ["list: unknown status", "query.status[1]", (c) => c.orders.list({ status: ["new", "shipped"] })],
  ["list: status not an array", "query.status", (c) => c.orders.list({ status: "new" })],
  [
    "list: unknown transaction type",
    "query.transactionTypes[0]",
    (c) => c.orders.list({ transactionTypes: ["upgrade"] }),
  ],
  ["list: customer id not an integer", "query.customers[0]", (c) => c.orders.list({ customers: ["ACME"] })],
  ["list: after not a date-time", "query.after", (c) => c.orders.list({ after: "yesterday" })],
  ["list: unknown filter", "query.state", (c) => c.orders.list({ state: ["new"] })],
  ["list: query not an object", "query", (c) => c.orders.list("status=new")],
  [
    "listAll: pageSize 0",
    "pageSize",
    (c) => (c.orders.listAll({}, { pageSize: 0 }) as AsyncIterable<unknown>)[Symbol.asyncIterator]().next(),
  ],
  [
    "listAll: limit 5000",
    "query.limit",
    (c) => (c.orders.listAll({ limit: 5000 }) as AsyncIterable<unknown>)[Symbol.asyncIterator]().next(),
  ],
];

describe("bad input fails before anything is sent", () => {
  test("the table has at least 40 bad inputs", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(CASES)("%s", async (_label, field, call) => {
    const before = sent;
    let error: unknown;
    try {
      await call(loose);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toEqual(field);
    expect((error as ValidationError).message).toMatch(/ must be /);
    expect(sent).toBe(before);
  });

  test.each([
    [{ limit: 5000 }, "query.limit must be an integer from 1 to 1000 (got 5000)"],
    [
      { status: ["shipped"] },
      'query.status[0] must be one of new, inprocess, ready-for-delivery, delivery-requested-outbound, in-delivery-outbound, delivered-outbound, delivery-returned-outbound, processed, cancelled (got "shipped")',
    ],
    [
      { after: "2026-02-30T00:00:00Z" },
      'query.after must be an RFC 3339 date-time such as 2026-12-01T00:00:00Z (got "2026-02-30T00:00:00Z")',
    ],
  ])("the message shows the offending value itself: %j", async (query, message) => {
    await expect((loose as FulfillmentClient).orders.list(query as never)).rejects.toThrow(message);
  });

  test("the counting fetch does count: a valid call is sent", async () => {
    const before = sent;
    await (client as FulfillmentClient).orders.setExternalId(1, "ok");
    expect(sent).toBe(before + 1);
  });
});

describe("bad options fail at creation", () => {
  test.each([
    [{ baseUrl: "", apiKey: "k" }, "baseUrl"],
    [{ baseUrl: "not a url", apiKey: "k" }, "baseUrl"],
    [{ baseUrl: "http://x", apiKey: "" }, "apiKey"],
    [{ baseUrl: "http://x", apiKey: "k", timeoutMs: 0 }, "timeoutMs"],
  ])("%j", (options, field) => {
    expect(() => createFulfillmentClient(options)).toThrow(ValidationError);
    try {
      createFulfillmentClient(options);
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
  });
});
