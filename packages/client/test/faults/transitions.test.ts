import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConflictError, createFulfillmentClient, ServerError, TransitionOutcomeUnknownError } from "../../src/index";
import { json, order, reset, startFaultServer } from "../helpers/fault-server";

let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  server = await startFaultServer((_req, res) => json(res, 204));
});
afterAll(() => server.close());

// Short only where a test waits for the timeout: a loaded CI machine can take 100 ms to answer.
const client = (timeoutMs = 5000) =>
  createFulfillmentClient({
    baseUrl: server.url,
    apiKey: "k",
    timeoutMs,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
const posts = () => server.requests.filter((r) => r.method === "POST");

describe("transition reconciliation: never retried blindly", () => {
  test("applied: the POST's answer is lost, the re-read shows the order moved on, no second POST", async () => {
    server.handle((req, res) => (req.method === "POST" ? reset(res) : json(res, 200, order(7, "inprocess"))));
    await expect(client().orders.transition(7, "process", { from: "new" })).resolves.toEqual({
      orderId: 7,
      action: "process",
      reconciled: true,
      status: "inprocess",
    });
    expect(posts()).toHaveLength(1);
  });

  test("not applied: still in `from` after a 503, so it is sent again and succeeds", async () => {
    server.handle((req, res) => {
      if (req.method === "GET") return json(res, 200, order(7, "new"));
      return posts().length === 1 ? json(res, 503) : json(res, 204);
    });
    await expect(client().orders.transition(7, "process", { from: "new" })).resolves.toEqual({
      orderId: 7,
      action: "process",
      reconciled: false,
    });
    expect(posts()).toHaveLength(2);
    expect(JSON.parse(posts()[1]?.body ?? "{}")).toEqual({ action: "process" });
  });

  test("a timeout is an unknown outcome too", async () => {
    server.handle((req, res) => {
      if (req.method === "GET") return json(res, 200, order(7, "ready-for-delivery"));
      setTimeout(() => json(res, 204), 300);
    });
    await expect(client(100).orders.transition(7, "process", { from: "inprocess" })).resolves.toMatchObject({
      reconciled: true,
      status: "ready-for-delivery",
    });
    expect(posts()).toHaveLength(1);
  });

  test("unknown: without `from` the client throws TransitionOutcomeUnknownError and sends nothing more", async () => {
    server.handle((_req, res) => reset(res));
    const error = await client()
      .orders.transition(7, "process")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionOutcomeUnknownError);
    expect(error).toMatchObject({ orderId: 7 });
    expect(server.requests).toHaveLength(1);
  });

  test("unknown: the re-read fails as well", async () => {
    server.handle((_req, res) => reset(res));
    const error = await client()
      .orders.transition(7, "process", { from: "new" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionOutcomeUnknownError);
    expect(posts()).toHaveLength(1);
  });

  test("still in `from` after every retry: the last error is thrown, the order was not moved", async () => {
    server.handle((req, res) => (req.method === "GET" ? json(res, 200, order(7, "new")) : json(res, 500)));
    await expect(client().orders.transition(7, "process", { from: "new" })).rejects.toBeInstanceOf(ServerError);
    expect(posts()).toHaveLength(3);
  });

  test("a 409 is thrown at once, never retried or reconciled", async () => {
    server.handle((_req, res) => json(res, 409, { errorCode: "in-transit", errorDescription: "in delivery" }));
    const error = await client()
      .orders.transition(7, "cancel", { from: "new" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ errorCode: "in-transit" });
    expect(server.requests).toHaveLength(1);
  });

  test("a 429 was not applied: retried after waiting, without a re-read", async () => {
    server.handle((_req, res, i) => (i === 0 ? json(res, 429, undefined, { "Retry-After": "0" }) : json(res, 204)));
    await expect(client().orders.transition(7, "process")).resolves.toMatchObject({ reconciled: false });
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "POST"]);
  });
});
