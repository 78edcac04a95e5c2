import { usePrism } from "@fulfillkit/testing";
import { describe, expect, test } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createFulfillmentClient,
  FulfillmentApiError,
  NotFoundError,
  PermissionDeniedError,
} from "../../src/index";

const prism = usePrism();
const client = (headers: Record<string, string> = {}) =>
  createFulfillmentClient({ baseUrl: prism.url, apiKey: "prism-key", headers, retry: false });

describe("every operation against Prism (requests validated against the spec)", () => {
  test("list: one page", async () => {
    const page = await client().orders.list();
    expect(Array.isArray(page.items)).toBe(true);
    expect(typeof page.total).toBe("number");
  });

  test("list: every filter, arrays serialised as the spec declares (form, exploded)", async () => {
    const page = await client().orders.list({
      customers: [1, 2],
      services: [3],
      status: ["new", "inprocess"],
      transactionTypes: ["order", "return"],
      order: "SO-1",
      externalIds: ["ERP-1", "ERP-2"],
      serviceCategories: [7],
      after: "2026-01-01T00:00:00Z",
      before: "2026-12-31T00:00:00Z",
      sortBy: "customer",
      sortOrder: "asc",
      offset: 0,
      limit: 10,
    });
    expect(Array.isArray(page.items)).toBe(true);
    expect(prism.prism.output()).not.toMatch(/Request did not pass the validation rules/);
  });

  test("get", async () => {
    const order = await client().orders.get(42);
    expect(typeof order.id).toBe("number");
    expect(typeof order.status).toBe("string");
  });

  test("patch, setExternalId, update (PUT), transition", async () => {
    const c = client();
    await expect(
      c.orders.patch(42, [{ op: "replace", path: "/externalId", value: "ERP-42" }]),
    ).resolves.toBeUndefined();
    await expect(c.orders.setExternalId(42, "")).resolves.toBeUndefined();
    await expect(c.orders.update(42, { externalId: "ERP-42" })).resolves.toBeUndefined();
    await expect(c.orders.transition(42, "process", { from: "new", to: "inprocess" })).resolves.toEqual({
      orderId: 42,
      action: "process",
      outcome: "applied",
      status: "inprocess",
      reconciled: false,
    });
    await expect(
      c.orders.transition(42, "complete", { activationDate: "2026-12-01T00:00:00Z", from: "delivered-outbound" }),
    ).resolves.toMatchObject({ reconciled: false });
  });

  test("listAll walks Prism's pages", async () => {
    const items = [];
    for await (const order of client().orders.listAll({ status: ["new"] }, { pageSize: 5 })) {
      items.push(order);
      if (items.length >= 12) break;
    }
    expect(items.length).toBeGreaterThan(0);
  });

  test("raw is the openapi-fetch client with the same auth", async () => {
    const { response } = await client().raw.GET("/v1/fulfillment/orders");
    expect(response.status).toBe(200);
  });

  test("without a valid key Prism answers 401: AuthenticationError", async () => {
    const noAuth = createFulfillmentClient({
      baseUrl: prism.url,
      apiKey: "k",
      retry: false,
      fetch: (request) => {
        request.headers.delete("X-API-KEY");
        return fetch(request);
      },
    });
    await expect(noAuth.orders.list()).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe("error classes from Prism's responses (Prefer: code=…)", () => {
  test.each([
    [400, BadRequestError, () => client({ Prefer: "code=400" }).orders.list()],
    [401, AuthenticationError, () => client({ Prefer: "code=401" }).orders.get(1)],
    [403, PermissionDeniedError, () => client({ Prefer: "code=403" }).orders.get(1)],
    [404, NotFoundError, () => client({ Prefer: "code=404" }).orders.get(1)],
    [409, ConflictError, () => client({ Prefer: "code=409" }).orders.transition(1, "process", { from: "new" })],
    [404, NotFoundError, () => client({ Prefer: "code=404" }).orders.setExternalId(1, "x")],
  ] as const)("%i → %o", async (status, ErrorClass, call) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(FulfillmentApiError);
    expect(error).toMatchObject({ status });
    expect((error as FulfillmentApiError).path).toMatch(/^\/v1\/fulfillment\/orders/);
  });
});
