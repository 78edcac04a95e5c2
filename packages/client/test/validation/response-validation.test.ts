import type { FulfillmentOrder } from "@fulfillkit/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createFulfillmentClient,
  createResponseValidation,
  NotFoundError,
  type ResponseDrift,
  type ResponseValidationError,
} from "../../src/index";
import { startFaultServer } from "../helpers/fault-server";

const link = (href: string) => ({ href });
/** An order with every field the spec requires, each of the declared type. */
const ORDER: FulfillmentOrder = {
  id: 1,
  status: "new",
  transactionType: "order",
  self: link("/v1/fulfillment/orders/1"),
  customer: { id: 7, name: "ACME", self: link("/customers/7") },
  orderedBy: { id: 3, self: link("/employees/3") },
  order: { id: 9, orderNumber: "SO-9", created: "2026-01-05T10:00:00Z", self: link("/orders/9") },
  service: { id: 4, name: "Laptop", self: link("/services/4") },
  offer: {
    id: 5,
    type: "rental",
    currency: "EUR",
    purchasePrice: 0,
    recurringPrice: 30,
    subscriptionPeriod: 24,
    self: link("/offers/5"),
  },
};
const { customer: _customer, ...withoutCustomer } = ORDER;
/** The API as it might drift: an unknown status, a missing required field, a wrong type, an undeclared 404. */
const ANSWERS: Record<string, [number, unknown]> = {
  "/v1/fulfillment/orders/1": [200, ORDER],
  "/v1/fulfillment/orders/2": [200, { ...withoutCustomer, id: "2", status: "on-hold" }],
  "/v1/fulfillment/orders/3": [404, { errorCode: "not-found", errorDescription: "no order 3" }],
  "/v1/fulfillment/orders?limit=1": [200, { items: [ORDER], total: 1, self: link("/v1/fulfillment/orders") }],
};

let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  server = await startFaultServer((request, response) => {
    const [status, body] = ANSWERS[request.url] ?? [500, { errorCode: "unexpected", errorDescription: request.url }];
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
});
afterAll(() => server.close());

function client(mode: "warn" | "throw") {
  const reported: ResponseDrift[][] = [];
  const messages: string[] = [];
  const validation = createResponseValidation({
    mode,
    onDrift: (message, drifts) => {
      messages.push(message);
      reported.push([...drifts]);
    },
  });
  const api = createFulfillmentClient({
    baseUrl: server.url,
    apiKey: "secret-key",
    retry: false,
    middleware: [validation],
  });
  return { api, reported, messages };
}

const ORDER_OPERATION = "GET /v1/fulfillment/orders/{orderId}";

describe("response validation (opt-in), against a loopback server that drifts", () => {
  test("a response that fits the spec: nothing reported", async () => {
    const { api, reported } = client("warn");
    await expect(api.orders.get(1)).resolves.toEqual(ORDER);
    await expect(api.orders.list({ limit: 1 })).resolves.toMatchObject({ total: 1 });
    expect(reported).toEqual([]);
    expect(server.requests.map((r) => r.url)).toContain("/v1/fulfillment/orders?limit=1");
  });

  test('"warn": the operation, the JSON path and the rule of every drift; the call still succeeds', async () => {
    const { api, reported, messages } = client("warn");
    await expect(api.orders.get(2)).resolves.toMatchObject({ status: "on-hold" });
    expect(reported).toHaveLength(1);
    const drifts = reported[0] ?? [];
    expect(drifts).toEqual(
      expect.arrayContaining([
        { operation: ORDER_OPERATION, status: 200, path: "$.status", rule: expect.stringMatching(/^enum: .*"new"/) },
        { operation: ORDER_OPERATION, status: 200, path: "$", rule: expect.stringMatching(/^required: .*"customer"/) },
        { operation: ORDER_OPERATION, status: 200, path: "$.id", rule: expect.stringMatching(/^type: .*"integer"/) },
      ]),
    );
    expect(drifts).toHaveLength(3);
    expect(messages[0]).toMatch(
      /^GET \/v1\/fulfillment\/orders\/\{orderId\} answered 200, which differs from the vendored spec:\n/,
    );
    expect(messages[0]).toContain("\n  $.status: enum: ");
    expect(messages.join("\n")).not.toContain("secret-key");
  });

  test("a status the operation does not declare is a drift too", async () => {
    const { api, reported } = client("warn");
    await expect(api.orders.get(3)).rejects.toBeInstanceOf(NotFoundError);
    expect(reported).toEqual([
      [
        {
          operation: ORDER_OPERATION,
          status: 404,
          path: "$",
          rule: "status: 404 is not declared (declared: 200, 400, 401, 403)",
        },
      ],
    ]);
  });

  test('"throw": the call fails with a ResponseValidationError carrying the drifts', async () => {
    const { api, reported } = client("throw");
    const raw = api.raw.GET("/v1/fulfillment/orders/{orderId}", { params: { path: { orderId: 2 } } });
    await expect(raw).rejects.toMatchObject({
      name: "ResponseValidationError",
      drifts: expect.arrayContaining([expect.objectContaining({ path: "$.status", operation: ORDER_OPERATION })]),
    });
    // Through the client's own methods the error arrives as the thrown error or as a cause.
    const error = await api.orders.get(2).catch((caught: unknown) => caught);
    const chain: unknown[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) chain.push(e);
    const drift = chain.find((e) => (e as Error).name === "ResponseValidationError") as ResponseValidationError;
    expect(drift.drifts.map((d) => d.path)).toEqual(expect.arrayContaining(["$.status", "$", "$.id"]));
    await expect(api.orders.get(1)).resolves.toEqual(ORDER);
    expect(reported).toEqual([]);
  });
});

describe("the validateResponses option", () => {
  const withOption = (validateResponses: "warn" | "throw") =>
    createFulfillmentClient({ baseUrl: server.url, apiKey: "secret-key", validateResponses });

  test('"throw": orders.get fails with the ResponseValidationError itself, sent once (not retried, not a ConnectionError)', async () => {
    const before = server.requests.length;
    const error = await withOption("throw")
      .orders.get(2)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "ResponseValidationError" });
    expect((error as ResponseValidationError).drifts.map((drift) => drift.path)).toEqual(
      expect.arrayContaining(["$.status", "$", "$.id"]),
    );
    expect(String((error as Error).message)).not.toContain("secret-key");
    expect(server.requests.length - before).toBe(1);
  });

  test('"warn": console.warn names the operation, and the call succeeds', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      await expect(withOption("warn").orders.get(2)).resolves.toMatchObject({ status: "on-hold" });
    } finally {
      console.warn = original;
    }
    expect(String(warnings[0]?.[0])).toMatch(/^GET \/v1\/fulfillment\/orders\/\{orderId\} answered 200/);
  });

  test("off by default: a drifting response passes unchecked", async () => {
    const api = createFulfillmentClient({ baseUrl: server.url, apiKey: "secret-key" });
    await expect(api.orders.get(2)).resolves.toMatchObject({ status: "on-hold" });
  });
});
