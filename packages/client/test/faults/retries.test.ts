import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ConflictError,
  ConnectionError,
  createFulfillmentClient,
  type FulfillmentClient,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "../../src/index";
import { json, order, reset, startFaultServer } from "../helpers/fault-server";

let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  server = await startFaultServer((_req, res) => json(res, 200, order(1)));
});
afterAll(() => server.close());

const client = (extra: Parameters<typeof createFulfillmentClient>[0]["retry"] = {}) =>
  createFulfillmentClient({ baseUrl: server.url, apiKey: "k", retry: { baseDelayMs: 1, maxDelayMs: 4, ...extra } });

describe("retries for GET, PUT and PATCH", () => {
  test.each([503, 500, 502, 408, 429])("%i then 200: retried, succeeds", async (status) => {
    server.handle((_req, res, i) => (i === 0 ? json(res, status, { errorCode: "x" }) : json(res, 200, order(1))));
    await expect(client().orders.get(1)).resolves.toMatchObject({ id: 1 });
    expect(server.requests).toHaveLength(2);
  });

  test("a connection reset is retried", async () => {
    server.handle((_req, res, i) => (i === 0 ? reset(res) : json(res, 200, order(1))));
    await expect(client().orders.get(1)).resolves.toMatchObject({ id: 1 });
    expect(server.requests).toHaveLength(2);
  });

  test("PATCH and PUT are retried", async () => {
    server.handle((_req, res, i) => (i % 2 === 0 ? json(res, 503) : json(res, 204)));
    await client().orders.setExternalId(1, "ERP-1");
    await client().orders.update(1, { externalId: "ERP-1" });
    expect(server.requests.map((r) => r.method)).toEqual(["PATCH", "PATCH", "PUT", "PUT"]);
  });

  test("gives up after maxRetries with the typed error", async () => {
    server.handle((_req, res) => json(res, 503, { errorCode: "down", errorDescription: "maintenance" }));
    const error = await client({ maxRetries: 2 })
      .orders.get(1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, errorCode: "down", errorDescription: "maintenance", method: "GET" });
    expect(server.requests).toHaveLength(3);
  });

  test("409 and other 4xx are never retried", async () => {
    server.handle((_req, res) => json(res, 409, { errorCode: "conflict" }));
    await expect(client().orders.setExternalId(1, "x")).rejects.toBeInstanceOf(ConflictError);
    expect(server.requests).toHaveLength(1);
  });

  test("retry: false sends once", async () => {
    server.handle((_req, res) => json(res, 503));
    const c = createFulfillmentClient({ baseUrl: server.url, apiKey: "k", retry: false });
    await expect(c.orders.get(1)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  test("a body that is not JSON still gives a typed error with the status", async () => {
    server.handle((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad gateway</html>");
    });
    const error = await client({ maxRetries: 0 })
      .orders.get(1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, errorCode: undefined, data: "<html>Bad gateway</html>" });
  });
});

describe("answers that sending again cannot change", () => {
  test.each([501, 505])("%i is not retried", async (status) => {
    server.handle((_req, res) => json(res, status));
    await expect(client().orders.get(1)).rejects.toMatchObject({ name: "ServerError", status });
    expect(server.requests).toHaveLength(1);
  });

  test.each([
    ["an HTML page from a proxy", "text/html", "<html><body>Please log in</body></html>"],
    ["JSON of another shape", "application/json", '{"hello":"world"}'],
  ])("a 200 with %s is an InvalidResponseError, not retried", async (_name, type, body) => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": type });
      res.end(body);
    });
    const error = await client()
      .orders.get(1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).not.toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ status: 200, data: body });
    expect((error as Error).message).toBe(
      `GET ${server.url}/v1/fulfillment/orders/1 answered 200, not the API's JSON (${type})`,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe("Retry-After", () => {
  test("seconds are honoured (and reported on RateLimitError)", async () => {
    server.handle((_req, res) => json(res, 429, { errorCode: "slow-down" }, { "Retry-After": "0.2" }));
    const started = performance.now();
    const error = await client({ maxRetries: 1 })
      .orders.get(1)
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  test("an HTTP date is honoured", async () => {
    server.handle((_req, res, i) =>
      i === 0
        ? json(res, 503, undefined, { "Retry-After": new Date(Date.now() + 1500).toUTCString() })
        : json(res, 200, order(1)),
    );
    const started = performance.now();
    await client().orders.get(1);
    // HTTP dates have whole seconds: the wait is between ~0.5 and 1.5 s.
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  test("beyond maxRetryAfterMs: not retried early against the server's word; the error says how long to wait", async () => {
    server.handle((_req, res, i) =>
      i === 0 ? json(res, 429, undefined, { "Retry-After": "3600" }) : json(res, 200, order(1)),
    );
    const error = await client({ maxRetryAfterMs: 50 })
      .orders.get(1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 3_600_000 });
    expect(server.requests).toHaveLength(1);
  });
});

describe("timeouts and aborts", () => {
  test("a slow answer is a TimeoutError, retried within the budget", async () => {
    server.handle((_req, res) => setTimeout(() => json(res, 200, order(1)), 300));
    const c = createFulfillmentClient({
      baseUrl: server.url,
      apiKey: "k",
      timeoutMs: 50,
      retry: { maxRetries: 1, baseDelayMs: 1 },
    });
    const error = await c.orders.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(2);
  });

  test("the caller's signal aborts at once and is not retried", async () => {
    server.handle((_req, res) => setTimeout(() => json(res, 200, order(1)), 300));
    const controller = new AbortController();
    const pending = client({ maxRetries: 3 }).orders.get(1, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 30);
    await expect(pending).rejects.toThrow("stop");
    expect(server.requests).toHaveLength(1);
  });

  test("a slow answer's message names the URL and the timeout", async () => {
    server.handle((_req, res) => setTimeout(() => json(res, 200, order(1)), 300));
    const c = createFulfillmentClient({ baseUrl: server.url, apiKey: "k", timeoutMs: 50, retry: false });
    await expect(c.orders.get(1)).rejects.toThrow(`GET ${server.url}/v1/fulfillment/orders/1 timed out after 50 ms`);
  });
});

describe("errors name the host, port and full path requested, and the network cause", () => {
  const failureOf = (baseUrl: string, call = (c: FulfillmentClient): Promise<unknown> => c.orders.get(1)) =>
    call(createFulfillmentClient({ baseUrl, apiKey: "sk_secret", retry: false })).then(
      () => new Error("no failure"),
      (e: unknown) => e as Error,
    );

  test("connection refused: ECONNREFUSED", async () => {
    const closed = await startFaultServer(() => undefined);
    await closed.close();
    const error = await failureOf(closed.url, (c) => c.orders.list({ limit: 5 }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe(`GET ${closed.url}/v1/fulfillment/orders?limit=5 got no response: ECONNREFUSED`);
    expect(error).toMatchObject({ path: "/v1/fulfillment/orders" });
  });

  test("unknown host: ENOTFOUND (EAI_AGAIN where there is no resolver)", async () => {
    const error = await failureOf("http://nonexistent.invalid:4621");
    expect(error.message).toMatch(
      /^GET http:\/\/nonexistent\.invalid:4621\/v1\/fulfillment\/orders\/1 got no response: (ENOTFOUND|EAI_AGAIN)$/,
    );
  });

  test("TLS spoken to a server that does not: the TLS error's code", async () => {
    const error = await failureOf(server.url.replace("http:", "https:"));
    expect(error.message).toMatch(
      new RegExp(`^GET ${server.url.replace("http:", "https:")}/v1/fulfillment/orders/1 got no response: ERR_SSL_`),
    );
  });

  test("a base URL with /v1 appended: the 404 shows the doubled path actually requested", async () => {
    server.handle((_req, res) => json(res, 404, { errorCode: "not-found", errorDescription: "no such route" }));
    const error = await failureOf(`${server.url}/v1`);
    expect(error.message).toBe(`GET ${server.url}/v1/v1/fulfillment/orders/1 failed with 404: no such route`);
    expect(error).toMatchObject({
      path: "/v1/v1/fulfillment/orders/1",
      url: `${server.url}/v1/v1/fulfillment/orders/1`,
    });
  });

  test("credentials in the base URL are refused before anything is sent, without repeating them", () => {
    expect(() => createFulfillmentClient({ baseUrl: "http://user:pass@127.0.0.1:1", apiKey: "k" })).toThrow(
      'baseUrl must be a URL without credentials (got "one with @")',
    );
  });
});

describe("backoff", () => {
  test("waits grow exponentially", async () => {
    const stamps: number[] = [];
    server.handle((_req, res) => {
      stamps.push(performance.now());
      json(res, 503);
    });
    await client({ maxRetries: 3, baseDelayMs: 40, maxDelayMs: 1000 })
      .orders.get(1)
      .catch(() => undefined);
    const gaps = stamps.slice(1).map((t, i) => t - (stamps[i] ?? 0));
    // Jitter keeps each wait in [½, 1] of 40 · 2ⁿ: ≥ 20, ≥ 40, ≥ 80 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(38);
    expect(gaps[2]).toBeGreaterThanOrEqual(78);
  });
});
