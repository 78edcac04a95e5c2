import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createFulfillmentClient } from "../../src/index";
import { json, reset, startFaultServer } from "../helpers/fault-server";

const KEY = "sk_live_DO-NOT-LEAK-7f3a9c";
let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  server = await startFaultServer((_req, res) => json(res, 200, {}));
});
afterAll(() => server.close());

// Short only where a test waits for the timeout: a loaded CI machine can take 50 ms to answer.
const client = (timeoutMs = 5000) =>
  createFulfillmentClient({
    baseUrl: server.url,
    apiKey: KEY,
    timeoutMs,
    retry: { maxRetries: 1, baseDelayMs: 1 },
  });

function everyRendering(value: unknown): string {
  const error = value as Error & { cause?: unknown };
  return [
    String(value),
    JSON.stringify(value),
    JSON.stringify(value, Object.getOwnPropertyNames(value ?? {})),
    inspect(value, { depth: 10, showHidden: true }),
    error?.stack ?? "",
    inspect(error?.cause, { depth: 10, showHidden: true }),
  ].join("\n");
}

describe("the API key is never printed", () => {
  test("it is sent as X-API-KEY", async () => {
    server.handle((_req, res) => json(res, 204));
    await client().orders.setExternalId(1, "x");
    expect(server.requests[0]?.headers["x-api-key"]).toBe(KEY);
  });

  test("not in the client's toString, toJSON or inspect output", () => {
    const c = client();
    expect(everyRendering(c)).not.toContain(KEY);
    expect(everyRendering(c.raw)).not.toContain(KEY);
  });

  test.each([
    [
      "an HTTP error",
      (res: Parameters<Parameters<typeof server.handle>[0]>[1]) => json(res, 401, { errorCode: "auth" }),
    ],
    ["a reset", reset],
    ["a timeout", () => undefined],
    [
      "a non-JSON body",
      (res: Parameters<Parameters<typeof server.handle>[0]>[1]) => {
        res.writeHead(500);
        res.end(`echo ${KEY}`.replace(KEY, "[redacted by server]"));
      },
    ],
  ])("not in the error from %s", async (name, answer) => {
    server.handle((_req, res) => answer(res));
    const timeoutMs = name === "a timeout" ? 50 : 5000;
    const errors = await Promise.all([
      client(timeoutMs)
        .orders.get(1)
        .catch((e: unknown) => e),
      client(timeoutMs)
        .orders.transition(1, "process", { from: "unknown" })
        .catch((e: unknown) => e),
      client(timeoutMs)
        .orders.transition(1, "process", { from: "new" })
        .catch((e: unknown) => e),
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect(everyRendering(error)).not.toContain(KEY);
    }
  });

  test("not in the deprecation warning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    server.handle((_req, res) => json(res, 204));
    const c = client();
    await c.orders.update(1, { externalId: "a" });
    await c.orders.update(1, { externalId: "b" });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warn.mock.calls)).not.toContain(KEY);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/deprecated/);
    warn.mockRestore();
  });

  test("user middleware (a logger, say) never sees the key", async () => {
    const seen: string[] = [];
    server.handle((_req, res) => json(res, 204));
    const c = createFulfillmentClient({
      baseUrl: server.url,
      apiKey: KEY,
      middleware: [{ onRequest: ({ request }) => void seen.push([...request.headers.entries()].join(";")) }],
    });
    await c.orders.setExternalId(1, "x");
    expect(seen).toHaveLength(1);
    expect(seen.join()).not.toContain(KEY);
  });
});
