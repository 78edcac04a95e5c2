import type { paths } from "@fulfillkit/core";
import createClient from "openapi-fetch";
import { bench, describe } from "vitest";
import { createFulfillmentClient } from "../src/index";

// All three share a stubbed fetch (no network), the way openapi-fetch's own benchmarks work:
// what is measured is the CPU each layer adds per call. vitest prints the ratios.
const BODY = JSON.stringify({
  id: 1,
  status: "new",
  transactionType: "order",
  offer: {
    id: 1,
    type: "rental",
    purchasePrice: 0,
    recurringPrice: 1,
    currency: "EUR",
    subscriptionPeriod: 1,
    self: { href: "/" },
  },
  service: { id: 1, name: "x", self: { href: "/" } },
  order: { id: 1, orderNumber: "1", created: "2026-01-01T00:00:00Z", self: { href: "/" } },
  customer: { id: 1, name: "x", self: { href: "/" } },
  orderedBy: { id: 1, self: { href: "/" } },
  self: { href: "/" },
});
const stubFetch = async () => new Response(BODY, { status: 200, headers: { "content-type": "application/json" } });
const BASE = "https://api.example.com";

const client = createFulfillmentClient({ baseUrl: BASE, apiKey: "k", fetch: stubFetch });
const bare = createClient<paths>({ baseUrl: BASE, fetch: stubFetch, headers: { "X-API-KEY": "k" } });

describe("orders.get per call (stubbed fetch)", () => {
  bench("bare openapi-fetch", async () => {
    await bare.GET("/v1/fulfillment/orders/{orderId}", { params: { path: { orderId: 1 } } });
  });
  bench("@fulfillkit/client orders.get", async () => {
    await client.orders.get(1);
  });
  bench("plain fetch + json", async () => {
    const response = await stubFetch();
    await response.json();
  });
});
