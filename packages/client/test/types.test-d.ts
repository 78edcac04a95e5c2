import type { FulfillmentOrder, FulfillmentOrderList, FulfillmentStatus } from "@fulfillkit/core";
import { describe, expectTypeOf, test } from "vitest";
import { createFulfillmentClient, type ExternalIdPatch, type TransitionResult } from "../src/index";

const client = createFulfillmentClient({ baseUrl: "http://x", apiKey: "k" });

describe("the client's types", () => {
  test("results", () => {
    expectTypeOf(client.orders.get(1)).resolves.toEqualTypeOf<FulfillmentOrder>();
    expectTypeOf(client.orders.list()).resolves.toEqualTypeOf<FulfillmentOrderList>();
    expectTypeOf(client.orders.listAll()).toExtend<AsyncIterable<FulfillmentOrder>>();
    expectTypeOf(client.orders.transition(1, "process", { from: "new" })).resolves.toEqualTypeOf<TransitionResult>();
  });

  test("wrong query keys and values do not compile", () => {
    // @ts-expect-error unknown filter
    client.orders.list({ state: ["new"] });
    // @ts-expect-error unknown status
    client.orders.list({ status: ["shipped"] });
    // @ts-expect-error sortBy is customer | date
    client.orders.list({ sortBy: "price" });
    client.orders.list({ sortBy: "customer", sortOrder: "asc", status: ["new"], limit: 10 });
  });

  test("wrong action names do not compile", () => {
    // @ts-expect-error not a FulfillmentAction
    client.orders.transition(1, "ship", { from: "new" });
    // @ts-expect-error not a FulfillmentStatus
    client.orders.transition(1, "process", { from: "shipped" });
    client.orders.transition(1, "complete", { activationDate: "2026-12-01T00:00:00Z", from: "delivered-outbound" });
  });

  test("forgetting `from` does not compile; `unknown` is the explicit opt-out", () => {
    // @ts-expect-error options with `from` are required
    client.orders.transition(1, "process");
    // @ts-expect-error `from` is required
    client.orders.transition(1, "process", { to: "inprocess" });
    client.orders.transition(1, "process", { from: "unknown" });
    // @ts-expect-error `to` is a status
    client.orders.transition(1, "process", { from: "new", to: "shipped" });
  });

  test("TransitionResult narrows on `outcome`", async () => {
    const result = await client.orders.transition(1, "process", { from: "new", to: "inprocess" });
    if (result.outcome === "applied") expectTypeOf(result.reconciled).toEqualTypeOf<false>();
    else expectTypeOf(result.status).toEqualTypeOf<FulfillmentStatus>();
    expectTypeOf(result.outcome).toEqualTypeOf<"applied" | "already-applied" | "moved-elsewhere" | "left-from">();
  });

  test("patch op paths other than /externalId do not compile", () => {
    // @ts-expect-error only /externalId
    const op: ExternalIdPatch = { op: "replace", path: "/status", value: "x" };
    // @ts-expect-error remove has no value
    const remove: ExternalIdPatch = { op: "remove", path: "/externalId", value: "x" };
    // @ts-expect-error move is not supported
    client.orders.patch(1, [{ op: "move", path: "/externalId", from: "/x" }]);
    expectTypeOf([op, remove]).toEqualTypeOf<ExternalIdPatch[]>();
  });
});
