import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ConflictError,
  createFulfillmentClient,
  ServerError,
  TransitionOutcomeUnknownError,
  ValidationError,
} from "../../src/index";
import { json, order, reset, startFaultServer } from "../helpers/fault-server";
import { ordersIn, startOrderServer } from "../helpers/order-server";

let server: Awaited<ReturnType<typeof startFaultServer>>;
beforeAll(async () => {
  server = await startFaultServer((_req, res) => json(res, 204));
});
afterAll(() => server.close());

// Short only where a test waits for the timeout: a loaded CI machine can take 100 ms to answer.
const client = (timeoutMs = 5000, settleMs: number | undefined = 20, baseUrl = server.url) =>
  createFulfillmentClient({ baseUrl, apiKey: "k", timeoutMs, settleMs, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
const posts = () => server.requests.filter((r) => r.method === "POST");

describe("transition reconciliation: never sent again while the first attempt can still land", () => {
  test("already applied: the POST's answer is lost, the re-read finds the order at `to`, no second POST", async () => {
    server.handle((req, res) => (req.method === "POST" ? reset(res) : json(res, 200, order(7, "inprocess"))));
    await expect(client().orders.transition(7, "process", { from: "new", to: "inprocess" })).resolves.toEqual({
      orderId: 7,
      action: "process",
      outcome: "already-applied",
      reconciled: true,
      status: "inprocess",
    });
    expect(posts()).toHaveLength(1);
  });

  test("moved elsewhere: the re-read finds neither `from` nor `to`, so it says someone else acted", async () => {
    server.handle((req, res) => (req.method === "POST" ? reset(res) : json(res, 200, order(7, "cancelled"))));
    await expect(client().orders.transition(7, "process", { from: "new", to: "inprocess" })).resolves.toMatchObject({
      outcome: "moved-elsewhere",
      status: "cancelled",
    });
    expect(posts()).toHaveLength(1);
  });

  test("left `from`: without `to` the client does not claim the move as its own", async () => {
    server.handle((req, res) => (req.method === "POST" ? reset(res) : json(res, 200, order(7, "inprocess"))));
    await expect(client().orders.transition(7, "process", { from: "new" })).resolves.toMatchObject({
      outcome: "left-from",
      reconciled: true,
      status: "inprocess",
    });
  });

  test("not applied: still in `from` after the settle interval, so it is sent again and succeeds", async () => {
    server.handle((req, res) => {
      if (req.method === "GET") return json(res, 200, order(7, "new"));
      return posts().length === 1 ? json(res, 503) : json(res, 204);
    });
    await expect(client().orders.transition(7, "process", { from: "new", to: "inprocess" })).resolves.toEqual({
      orderId: 7,
      action: "process",
      outcome: "applied",
      reconciled: false,
      status: "inprocess",
    });
    expect(posts()).toHaveLength(2);
    expect(JSON.parse(posts()[1]?.body ?? "{}")).toEqual({ action: "process" });
  });

  test("the second POST is sent only after a re-read made after the settle interval", async () => {
    server.handle((req, res) =>
      req.method === "GET" ? json(res, 200, order(7, "new")) : json(res, posts().length === 1 ? 503 : 204),
    );
    await client(5000, 300).orders.transition(7, "process", { from: "new" });
    const [first, second] = posts().map((post) => server.requests.indexOf(post));
    // A re-read at once (it can only prove the order moved), then one after the interval, then the POST.
    expect(server.requests.slice((first ?? 0) + 1, second).map((r) => r.method)).toEqual(["GET", "GET"]);
  });

  test("by default a timed-out POST gets 2 × timeoutMs to land before it is sent again", async () => {
    server.handle((req, res, i) => {
      if (req.method === "GET") return json(res, 200, order(7, "new"));
      if (i > 0) json(res, 204); // the first is never answered
    });
    const sent: number[] = [];
    const c = createFulfillmentClient({
      baseUrl: server.url,
      apiKey: "k",
      timeoutMs: 200,
      retry: { baseDelayMs: 1 },
      fetch: (request) => {
        if (request.method === "POST") sent.push(performance.now());
        return globalThis.fetch(request);
      },
    });
    await expect(c.orders.transition(7, "process", { from: "new" })).resolves.toMatchObject({ outcome: "applied" });
    // 200 ms until the timeout, then 400 ms of settling: a lower bound, which a loaded machine only adds to.
    expect(sent).toHaveLength(2);
    expect((sent[1] ?? 0) - (sent[0] ?? 0)).toBeGreaterThanOrEqual(550);
  });

  test("a timeout is an unknown outcome too", async () => {
    server.handle((req, res) => {
      if (req.method === "GET") return json(res, 200, order(7, "ready-for-delivery"));
      setTimeout(() => json(res, 204), 300);
    });
    await expect(
      client(100).orders.transition(7, "process", { from: "inprocess", to: "ready-for-delivery" }),
    ).resolves.toMatchObject({ outcome: "already-applied", status: "ready-for-delivery" });
    expect(posts()).toHaveLength(1);
  });

  test('from: "unknown" opts out: an unknown outcome throws TransitionOutcomeUnknownError, nothing more is sent', async () => {
    server.handle((_req, res) => reset(res));
    const error = await client()
      .orders.transition(7, "process", { from: "unknown" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionOutcomeUnknownError);
    expect(error).toMatchObject({ orderId: 7 });
    expect(String(error)).toMatch(
      /^TransitionOutcomeUnknownError: transition of order 7: outcome unknown, it may have been applied; re-read the order \(POST http:\/\/127\.0\.0\.1:\d+\/v1\/fulfillment\/orders\/7\/transitions got no response: .+\)$/,
    );
    expect(server.requests).toHaveLength(1);
  });

  test("the re-read fails as well: TransitionOutcomeUnknownError, one POST", async () => {
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

  test("a 409 on the first send is thrown at once, never retried or reconciled", async () => {
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
    await expect(client().orders.transition(7, "process", { from: "new" })).resolves.toMatchObject({
      outcome: "applied",
    });
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "POST"]);
  });

  test.each([501, 505])("a %i is not retried nor reconciled: the server cannot handle it at all", async (status) => {
    server.handle((_req, res) => json(res, status));
    await expect(client().orders.transition(7, "process", { from: "new" })).rejects.toMatchObject({ status });
    expect(server.requests.map((r) => r.method)).toEqual(["POST"]);
  });
});

describe("a 409 after a re-send is a conflict only when a re-read says so", () => {
  test("processReturnedItem: the first POST lands after the settle interval, the re-send gets 409, the call resolves as already applied", async () => {
    const api = await startOrderServer(ordersIn("delivery-returned-outbound", 1));
    let releaseFirst: (() => void) | undefined;
    api.handle((req, res) => {
      if (req.method !== "POST") return json(res, 200, order(1, api.state.get(1)));
      if (!releaseFirst) {
        // Held until the re-send arrives: then applied, and the re-send is refused.
        releaseFirst = () => {
          api.state.set(1, "inprocess");
          json(res, 204);
        };
        return;
      }
      releaseFirst();
      json(res, 409, { errorCode: "not-allowed" });
    });
    try {
      const result = await client(100, 50, api.url).orders.transition(1, "processReturnedItem", {
        from: "delivery-returned-outbound",
        to: "inprocess",
      });
      expect(result).toMatchObject({ outcome: "already-applied", status: "inprocess" });
      expect(api.requests.filter((r) => r.method === "POST")).toHaveLength(2);
    } finally {
      await api.close();
    }
  });

  test.each([
    ["still in `from`: the ConflictError is thrown", "new", undefined],
    ["elsewhere: someone else acted, and the result says so", "cancelled", "moved-elsewhere"],
  ])("a 409 after a re-send with the order %s", async (_name, after, outcome) => {
    server.handle((req, res) => {
      if (req.method === "GET") return json(res, 200, order(7, posts().length === 1 ? "new" : after));
      return posts().length === 1 ? json(res, 503) : json(res, 409, { errorCode: "not-allowed" });
    });
    const settled = await client()
      .orders.transition(7, "process", { from: "new", to: "inprocess" })
      .catch((e: unknown) => e);
    if (outcome) expect(settled).toMatchObject({ outcome, status: after });
    else expect(settled).toBeInstanceOf(ConflictError);
    expect(posts()).toHaveLength(2);
  });
});

describe("aborts", () => {
  test("an abort while the POST is in flight is TransitionOutcomeUnknownError, with the abort as its cause", async () => {
    server.handle((_req, res) => setTimeout(() => json(res, 204), 500));
    const controller = new AbortController();
    const reason = new Error("user pressed stop");
    const pending = client().orders.transition(7, "process", { from: "new", signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionOutcomeUnknownError);
    expect((error as Error).cause).toBe(reason);
  });

  test("an abort while settling is TransitionOutcomeUnknownError too", async () => {
    server.handle((req, res) => (req.method === "POST" ? reset(res) : json(res, 200, order(7, "new"))));
    const controller = new AbortController();
    const pending = client(5000, 10_000).orders.transition(7, "process", { from: "new", signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 200);
    await expect(pending).rejects.toBeInstanceOf(TransitionOutcomeUnknownError);
    expect(posts()).toHaveLength(1);
  });

  test("a signal aborted before the call sends nothing and throws its reason", async () => {
    server.handle((_req, res) => json(res, 204));
    const error = await client()
      .orders.transition(7, "process", { from: "new", signal: AbortSignal.abort(new Error("early")) })
      .catch((e: unknown) => e);
    expect(error).toEqual(new Error("early"));
    expect(server.requests).toHaveLength(0);
  });
});

describe("forgetting `from`", () => {
  test.each([
    ["no options", undefined],
    ["no from", { to: "inprocess" }],
  ])("%s: a ValidationError naming `from` and the opt-out, nothing sent", async (_name, options) => {
    server.handle((_req, res) => json(res, 204));
    // @ts-expect-error what a JavaScript caller (or a cast) can still pass
    const call = () => client().orders.transition(7, "process", options);
    await expect(call()).rejects.toThrow(ValidationError);
    await expect(call()).rejects.toThrow(
      "from must be one of new, inprocess, ready-for-delivery, delivery-requested-outbound, in-delivery-outbound, delivered-outbound, delivery-returned-outbound, processed, cancelled, unknown (got undefined)",
    );
    expect(server.requests).toHaveLength(0);
  });

  test("`to` equal to `from` is refused", async () => {
    await expect(client().orders.transition(7, "process", { from: "new", to: "new" })).rejects.toThrow(/^to must be/);
  });
});
