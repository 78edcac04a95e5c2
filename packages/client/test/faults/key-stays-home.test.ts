import type { Middleware } from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createFulfillmentClient, type FulfillmentClient, RedirectError } from "../../src/index";
import { json, order, reset, startFaultServer } from "../helpers/fault-server";

const KEY = "sk_live_DO-NOT-LEAK-7f3a9c";
let api: Awaited<ReturnType<typeof startFaultServer>>;
let elsewhere: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  // The other origin records every request it gets, headers included.
  elsewhere = await startFaultServer((_req, res) => json(res, 200, order(1)));
  api = await startFaultServer((_req, res) => json(res, 204));
});
afterAll(async () => {
  await api.close();
  await elsewhere.close();
});

const client = (middleware: Middleware[] = []) =>
  createFulfillmentClient({ baseUrl: api.url, apiKey: KEY, middleware, retry: { baseDelayMs: 1 }, settleMs: 0 });

const calls: [string, (c: FulfillmentClient) => Promise<unknown>][] = [
  ["get", (c) => c.orders.get(1)],
  ["patch", (c) => c.orders.setExternalId(1, "ERP-1")],
  ["transition", (c) => c.orders.transition(1, "process", { from: "new" })],
  [
    "raw",
    (c) => c.raw.GET("/v1/fulfillment/orders/{orderId}", { params: { path: { orderId: 1 } }, redirect: "follow" }),
  ],
];

describe("redirects are refused: the key never follows one", () => {
  const cases = [301, 302, 303, 307, 308].flatMap((status) =>
    calls.map(([name, call]) => [status, name, call] as const),
  );

  test.each(cases)(
    "%i on %s: a RedirectError naming the Location, 0 requests elsewhere",
    async (status, _name, call) => {
      const location = `${elsewhere.url}/v1/fulfillment/orders/1`;
      api.handle((_req, res) => json(res, status, undefined, { Location: location }));
      elsewhere.handle((_req, res) => json(res, 200, order(1)));
      const error = await call(client()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedirectError);
      expect(error).toMatchObject({ status, location });
      expect(String(error)).toMatch(
        new RegExp(
          `^RedirectError: (GET|PATCH|POST) ${api.url}/v1/fulfillment/orders/1(/transitions)? redirects \\(${status}\\) to ${location}: refused, the key stays home$`,
        ),
      );
      expect(elsewhere.requests).toHaveLength(0);
      // Not retried either: the answer will not change.
      expect(api.requests).toHaveLength(1);
    },
  );

  test("a redirect to the same origin is refused too (the API never redirects)", async () => {
    api.handle((req, res) =>
      req.url.startsWith("/moved") ? json(res, 200, order(1)) : json(res, 302, undefined, { Location: "/moved" }),
    );
    await expect(client().orders.get(1)).rejects.toMatchObject({ name: "RedirectError", location: "/moved" });
    expect(api.requests.map((r) => r.url)).toEqual(["/v1/fulfillment/orders/1"]);
  });
});

describe("no middleware hook sees the key, in headers or URL", () => {
  function spy() {
    const seen: Record<string, string[]> = { onRequest: [], onResponse: [], onError: [] };
    const record = (hook: string, request: Request) =>
      seen[hook]?.push(`${request.url} ${JSON.stringify([...request.headers])}`);
    const middleware: Middleware = {
      onRequest: ({ request }) => void record("onRequest", request),
      onResponse: ({ request }) => void record("onResponse", request),
      onError: ({ request }) => void record("onError", request),
    };
    return { seen, middleware };
  }

  test.each(calls)("onRequest and onResponse, on %s", async (_name, call) => {
    api.handle((req, res) => (req.method === "GET" ? json(res, 200, order(1, "inprocess")) : json(res, 204)));
    const { seen, middleware } = spy();
    await call(client([middleware]));
    expect(api.requests.every((r) => r.headers["x-api-key"] === KEY)).toBe(true);
    expect(seen.onRequest?.length).toBeGreaterThan(0);
    expect(seen.onResponse).toHaveLength(seen.onRequest?.length ?? -1);
    expect(JSON.stringify(seen)).not.toContain(KEY);
  });

  test.each(calls)("onError, on %s", async (_name, call) => {
    api.handle((_req, res) => reset(res));
    const { seen, middleware } = spy();
    await call(client([middleware])).catch(() => undefined);
    expect(api.requests.every((r) => r.headers["x-api-key"] === KEY)).toBe(true);
    expect(seen.onError?.length).toBeGreaterThan(0);
    expect(JSON.stringify(seen)).not.toContain(KEY);
  });
});
