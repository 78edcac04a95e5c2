import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { NO_FAULTS, type RunningSandbox, type SandboxControl, sandboxControl, startSandbox } from "../src/index";
import { RequestTracker } from "../src/requests";

const KEY = "sandbox-key-provider-1";
let sandbox: RunningSandbox;
let control: SandboxControl;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11, orders: 0 });
  control = sandboxControl(sandbox.url);
});
afterAll(() => sandbox?.close());
beforeEach(() => control.reset());

const newOrder = async () => (await control.createOrder({ transactionType: "order", isPreorder: false })).id;

/** A real fetch: the status and headers, or "dropped" when the connection closed without an answer. */
async function send(method: "GET" | "POST", path: string, body?: unknown, timeoutMs = 30_000) {
  try {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { "x-api-key": KEY, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return {
      status: response.status,
      fault: response.headers.get("x-sandbox-fault"),
      requestId: Number(response.headers.get("x-sandbox-request-id")),
      body: text ? JSON.parse(text) : undefined,
    };
  } catch (error) {
    return { status: (error as Error).name === "TimeoutError" ? "gave-up" : "dropped", fault: null, requestId: 0 };
  }
}
const processOrder = (orderId: number, timeoutMs?: number) =>
  send("POST", `/v1/fulfillment/orders/${orderId}/transitions`, { action: "process" }, timeoutMs);
const statusOf = (orderId: number) => sandbox.store.orders.get(orderId)?.order.status;

describe("gateway timeout after apply", () => {
  test("the transition is applied, the answer is a 504 ErrorResponse, the log names the fault and the request", async () => {
    const id = await newOrder();
    await control.setFaults({ rate504AfterApply: 1 });
    const answer = await processOrder(id);
    expect(answer).toMatchObject({
      status: 504,
      fault: "504-after-apply",
      body: { errorCode: "gateway-timeout", errorDescription: expect.any(String), data: null },
    });
    expect(statusOf(id)).toBe("inprocess");
    const [entry] = await control.log();
    expect(entry).toMatchObject({
      orderId: id,
      action: "process",
      fault: "504-after-apply",
      requestId: answer.requestId,
    });
    expect((await control.requests()).faulted).toEqual([
      {
        requestId: answer.requestId,
        method: "POST",
        url: `/v1/fulfillment/orders/${id}/transitions`,
        fault: "504-after-apply",
      },
    ]);
    // A read is handled too, and its answer replaced.
    expect((await send("GET", `/v1/fulfillment/orders/${id}`)).status).toBe(504);
  });
});

describe("slow apply", () => {
  test("a client that gives up first: the change is not there when it gives up, and lands later", async () => {
    const id = await newOrder();
    // Margins of seconds, not milliseconds: the client gives up after 200 ms, the sandbox
    // applies after 5 s; the check in between is at once.
    await control.setFaults({ rateSlowApply: 1, slowApplyMs: 5_000 });
    expect((await processOrder(id, 200)).status).toBe("gave-up");
    expect(statusOf(id)).toBe("new");
    await expect.poll(() => statusOf(id), { timeout: 20_000, interval: 100 }).toBe("inprocess");
    const log = await control.log();
    expect(log).toHaveLength(1);
    const { faulted } = await control.requests();
    expect(faulted).toHaveLength(1);
    expect(log[0]).toMatchObject({ orderId: id, requestId: faulted[0]?.requestId, fault: faulted[0]?.fault });
    expect(["slow-apply", "slow-apply-then-drop"]).toContain(log[0]?.fault);
  });

  test("an invalid request is held too: its 400 comes late as well", async () => {
    const id = await newOrder();
    await control.setFaults({ rateSlowApply: 1, slowApplyMs: 5_000 });
    // Without the fault a 400 takes milliseconds; with it, nothing comes within a second.
    const answer = await send("POST", `/v1/fulfillment/orders/${id}/transitions`, { action: "ship" }, 1_000);
    expect(answer.status).toBe("gave-up");
    await control.setFaults({ rateSlowApply: 0 });
    expect((await send("POST", `/v1/fulfillment/orders/${id}/transitions`, { action: "ship" })).status).toBe(400);
  });

  test("a patient client gets the answer late, or a dropped connection; either way the change was applied once", async () => {
    await control.setFaults({ rateSlowApply: 1, slowApplyMs: 50, seed: 4 });
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push(await newOrder());
    const answers = [];
    for (const id of ids) answers.push(await processOrder(id));
    const statuses = new Set(answers.map((a) => a.status));
    expect(statuses).toEqual(new Set([204, "dropped"]));
    for (const answer of answers.filter((a) => a.status === 204)) expect(answer.fault).toBe("slow-apply");
    expect(ids.map(statusOf)).toEqual(ids.map(() => "inprocess"));
    const log = await control.log();
    expect(log.map((e) => e.orderId)).toEqual(ids);
    const { faulted } = await control.requests();
    const faultOf = new Map(faulted.map((f) => [f.requestId, f.fault]));
    for (const entry of log) expect(entry.fault).toBe(faultOf.get(entry.requestId ?? -1));
    expect(log.filter((e) => e.fault === "slow-apply-then-drop")).toHaveLength(
      answers.filter((a) => a.status === "dropped").length,
    );
  });
});

describe("seeded and replayable", () => {
  test("the same seed draws the same faults for the same requests, every kind mixed in", async () => {
    const settings = {
      rate503: 0.15,
      rate429: 0.15,
      rateDrop: 0.15,
      rateSlowApply: 0.15,
      rate504AfterApply: 0.15,
      slowApplyMs: 10,
      retryAfterSeconds: 0,
      seed: 77,
    };
    const run = async () => {
      await control.reset();
      await control.setFaults(settings);
      for (let i = 0; i < 60; i++) await send("GET", "/v1/fulfillment/orders?limit=1");
      return (await control.requests()).faulted.map(({ requestId, fault }) => `${requestId}:${fault}`);
    };
    const first = await run();
    expect(new Set(first.map((f) => f.split(":")[1]))).toEqual(
      new Set(["503", "429", "drop-before-apply", "slow-apply", "slow-apply-then-drop", "504-after-apply"]),
    );
    expect(await run()).toEqual(first);
  });

  test("rates above 1 in sum, an unknown key or a wrong type are a 400 naming them; nothing changes", async () => {
    for (const [body, named] of [
      [{ rate503: 0.6, rateSlowApply: 0.6 }, "must add up to at most 1"],
      [{ rateSlow: 0.1 }, "rateSlow"],
      [{ slowApplyMs: "5" }, "slowApplyMs"],
      [{ rate504AfterApply: 2 }, "rate504AfterApply"],
    ] as const) {
      const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).errorDescription).toContain(named);
    }
    expect(await (await fetch(`${sandbox.url}/_sandbox/faults`)).json()).toEqual(NO_FAULTS);
  });
});

describe("the settings and the record of faulted requests", () => {
  test("keys given are merged into the settings; the others stay", async () => {
    await control.setFaults({ rate503: 0.1 });
    expect(await control.setFaults({ slowApplyMs: 5 })).toEqual({ ...NO_FAULTS, rate503: 0.1, slowApplyMs: 5 });
  });

  test("the list of faulted requests keeps the first 10,000; the counts go on", () => {
    const tracker = new RequestTracker();
    for (let i = 1; i <= 10_001; i++) tracker.faulted({ requestId: i, method: "GET", url: "/" }, "503");
    expect(tracker.counts.faulted).toHaveLength(10_000);
    expect(tracker.counts.faulted.at(-1)?.requestId).toBe(10_000);
    expect(tracker.counts.byFault).toEqual({ "503": 10_001 });
  });
});
