import { describe, expect, test } from "vitest";
import { loadSpec } from "../src/spec";
import { compileBodyRule } from "../src/validation";
import { KEY_A, KEY_B, useSandboxBehindPrism } from "./helpers";

const { env, api, createOrder, transition, expectNoViolations } = useSandboxBehindPrism();

describe("error statuses with ErrorResponse bodies, validated by Prism", () => {
  test("400: bad list parameters name the parameter", async () => {
    for (const [query, name] of [
      ["limit=0", "limit"],
      ["limit=1001", "limit"],
      ["sortBy=price", "sortBy"],
      ["sortOrder=up", "sortOrder"],
    ] as const) {
      const result = await api("GET", `/v1/fulfillment/orders?${query}`);
      expect(result.status).toBe(400);
      expect(result.body.errorDescription).toContain(name);
    }
  });

  test("400: PATCH of another path, PUT with an unknown property or a long externalId", async () => {
    const { id } = await createOrder({});
    const patch = await api("PATCH", `/v1/fulfillment/orders/${id}`, {
      body: [{ op: "replace", path: "/status", value: "processed" }],
    });
    expect(patch.status).toBe(400);
    // The spec itself forbids these bodies, so Prism would refuse them (a 422 it reports) before
    // they reach the sandbox: they are sent to the sandbox directly.
    for (const payload of [{ externalId: "x".repeat(101) }, { externalId: "a", status: "processed" }, [1]]) {
      const direct = await env.sandbox.app.inject({
        method: "PUT",
        url: `/v1/fulfillment/orders/${id}`,
        payload,
        headers: { "x-api-key": KEY_A },
      });
      expect(direct.statusCode).toBe(400);
      expect(direct.json()).toMatchObject({ errorCode: "invalid-body" });
    }
  });

  test("401: an unknown key (a missing one, which Prism would refuse and report itself, directly)", async () => {
    expect((await api("GET", "/v1/fulfillment/orders", { key: "nope" })).status).toBe(401);
    expect((await env.sandbox.app.inject({ url: "/v1/fulfillment/orders" })).statusCode).toBe(401);
  });

  test("403, the same answer for another provider's order and a missing one", async () => {
    const other = await createOrder({ providerId: 2 });
    const foreign = await api("GET", `/v1/fulfillment/orders/${other.id}`);
    const missing = await api("GET", `/v1/fulfillment/orders/${other.id + 1000}`);
    expect(foreign.status).toBe(403);
    expect(missing.status).toBe(403);
    const withoutId = (body: { errorDescription: string }) => ({
      ...body,
      errorDescription: body.errorDescription.replace(/\d+/, "N"),
    });
    expect(withoutId(missing.body)).toEqual(withoutId(foreign.body));
    expect(foreign.body).toEqual({
      errorCode: "forbidden",
      errorDescription: `order ${other.id}: access denied, or the order does not exist (anymore)`,
      data: null,
    });
    for (const [method, body] of [
      ["PUT", { externalId: "x" }],
      ["PATCH", [{ op: "replace", path: "/externalId", value: "x" }]],
    ] as const) {
      expect((await api(method, `/v1/fulfillment/orders/${other.id + 1000}`, { body })).status).toBe(403);
    }
    expect((await transition(other.id + 1000, "process")).status).toBe(403);
  });

  test("409: a refused transition carries the validator's code and reason", async () => {
    const { id } = await createOrder({ transactionType: "order", status: "in-delivery-outbound" });
    const result = await transition(id, "cancel");
    expect(result).toEqual({
      status: 409,
      body: {
        errorCode: "in-transit",
        errorDescription: `order ${id} is in delivery: confirm or reject the delivery first`,
        data: null,
      },
    });
  });

  test("PATCH, PUT and their externalId rules", async () => {
    const { id } = await createOrder({});
    expect(
      (
        await api("PATCH", `/v1/fulfillment/orders/${id}`, {
          body: [{ op: "replace", path: "/externalId", value: "ERP-1" }],
        })
      ).status,
    ).toBe(204);
    expect((await api("GET", `/v1/fulfillment/orders/${id}`)).body.externalId).toBe("ERP-1");
    expect((await api("PUT", `/v1/fulfillment/orders/${id}`, { body: { externalId: null } })).status).toBe(204);
    expect((await api("GET", `/v1/fulfillment/orders/${id}`)).body.externalId).toBe("ERP-1");
    expect((await api("PUT", `/v1/fulfillment/orders/${id}`, { body: { externalId: "" } })).status).toBe(204);
    expect((await api("GET", `/v1/fulfillment/orders/${id}`)).body.externalId).toBeNull();
  });

  test("list: filters, sorting, paging and links", async () => {
    const all = await api("GET", "/v1/fulfillment/orders?limit=1000");
    const page = await api(
      "GET",
      "/v1/fulfillment/orders?limit=10&offset=10&status=new&status=inprocess&sortBy=customer&sortOrder=asc",
    );
    expect(page.status).toBe(200);
    expect(page.body.items.every((o: { status: string }) => ["new", "inprocess"].includes(o.status))).toBe(true);
    const names = page.body.items.map((o: { customer: { name: string } }) => o.customer.name);
    expect(names).toEqual([...names].sort(new Intl.Collator("de").compare));
    expect(page.body.self.href).toContain("offset=10");
    expect(page.body.previous.href).toContain("offset=0");
    expect(page.body.total).toBeLessThan(all.body.total);
    if (page.body.total > 20) expect(page.body.next.href).toContain("offset=20");
  });

  test("Prism reported no violation at all, warnings included", async () => {
    await expectNoViolations();
  });

  test("keys: both providers' keys are accepted", async () => {
    expect((await api("GET", "/v1/fulfillment/orders?limit=1", { key: KEY_A })).status).toBe(200);
    expect((await api("GET", "/v1/fulfillment/orders?limit=1", { key: KEY_B })).status).toBe(200);
  });

  test("404 names the spec's closest operation, or says none is close, and stays the spec's ErrorResponse", async () => {
    // Prism refuses a path the spec lacks itself, so these go to the sandbox directly.
    const isErrorResponse = compileBodyRule(loadSpec().component("ErrorResponse"));
    const headers = { "x-api-key": KEY_A };
    const typo = await env.sandbox.app.inject({ url: "/v1/fulfilment/orders?limit=5", headers });
    const far = await env.sandbox.app.inject({ method: "POST", url: "/v1/invoices", headers });
    const control = await env.sandbox.app.inject({ url: "/_sandbox/nothing" });
    expect(typo.json()).toEqual({
      errorCode: "not-found",
      errorDescription: "no route GET /v1/fulfilment/orders?limit=5; closest operation: GET /v1/fulfillment/orders",
      data: null,
    });
    expect(far.json().errorDescription).toBe("no route POST /v1/invoices; no operation of the spec is close");
    expect(control.json().errorDescription).toBe("no route GET /_sandbox/nothing");
    for (const answer of [typo, far, control]) {
      expect(answer.statusCode).toBe(404);
      expect(isErrorResponse(answer.json()), JSON.stringify(isErrorResponse.errors)).toBe(true);
    }
  });
});
