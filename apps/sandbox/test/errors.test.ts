import { describe, expect, test } from "vitest";
import { KEY_A, KEY_B, useSandboxBehindPrism } from "./helpers";

const { env, api, createOrder, transition } = useSandboxBehindPrism();

describe("error statuses with ErrorResponse bodies, validated by Prism", () => {
  test("400: bad list parameters name the parameter", async () => {
    for (const [query, name] of [
      ["limit=0", "limit"],
      ["limit=1001", "limit"],
      ["offset=-1", "offset"],
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
    // The spec itself forbids these bodies, so Prism refuses them (422) before they reach the sandbox;
    // the sandbox's own 400 is checked directly.
    expect((await api("PUT", `/v1/fulfillment/orders/${id}`, { body: { externalId: "x".repeat(101) } })).status).toBe(
      422,
    );
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

  test("401: an unknown key (a missing one Prism refuses itself)", async () => {
    expect((await api("GET", "/v1/fulfillment/orders", { key: "nope" })).status).toBe(401);
    expect((await api("GET", "/v1/fulfillment/orders", { key: null })).status).toBe(401);
  });

  test("403 and 404", async () => {
    const other = await createOrder({ providerId: 2 });
    expect((await api("GET", `/v1/fulfillment/orders/${other.id}`)).status).toBe(403);
    expect((await api("GET", "/v1/fulfillment/orders/987654")).status).toBe(404);
    expect((await transition(987654, "process")).status).toBe(404);
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

  test("Prism saw no violation in the sandbox's answers (its own refusals of bad requests aside)", async () => {
    // Prism logs just after it answers: let the last lines arrive.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(env.prism.output()).not.toMatch(/VIOLATIONS/);
  });

  test("keys: both providers' keys are accepted", async () => {
    expect((await api("GET", "/v1/fulfillment/orders?limit=1", { key: KEY_A })).status).toBe(200);
    expect((await api("GET", "/v1/fulfillment/orders?limit=1", { key: KEY_B })).status).toBe(200);
  });
});
