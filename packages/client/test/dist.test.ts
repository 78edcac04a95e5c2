import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";

// What a user installs is dist/, not src/: load both builds and make a call through each.
const stubFetch = async () =>
  new Response(JSON.stringify({ items: [], total: 0, self: { href: "/" } }), { status: 200 });

describe("the built package", () => {
  test("CommonJS: require('@fulfillkit/client') works", async () => {
    const { createFulfillmentClient, ValidationError } = createRequire(import.meta.url)("../dist/index.cjs");
    const client = createFulfillmentClient({ baseUrl: "http://127.0.0.1:1", apiKey: "k", fetch: stubFetch });
    await expect(client.orders.list()).resolves.toMatchObject({ total: 0 });
    await expect(client.orders.get(0)).rejects.toBeInstanceOf(ValidationError);
  });

  test("ESM: import('@fulfillkit/client') works", async () => {
    // Resolved at run time only: the type check must not depend on a build having run.
    const { createFulfillmentClient } = await import(new URL("../dist/index.js", import.meta.url).href);
    const client = createFulfillmentClient({ baseUrl: "http://127.0.0.1:1", apiKey: "k", fetch: stubFetch });
    await expect(client.orders.list()).resolves.toMatchObject({ total: 0 });
  });
});
