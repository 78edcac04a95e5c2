import Fastify from "fastify";
import { afterEach, describe, expect, test } from "vitest";
import { Coverage } from "../src/console/coverage";
import { registerConsole } from "../src/console/index";
import { type RequestEntry, RequestLog } from "../src/console/request-log";
import { TIMELINE_CAP, type TimelineEvent, Timelines } from "../src/console/timelines";
import { PROVIDERS, type RequestSummary, type RunningSandbox, sandboxControl, startSandbox } from "../src/index";
import { maskKey } from "../src/mask";
import { loadSpec } from "../src/spec";
import { SandboxStore } from "../src/store";

const KEY_A = "sandbox-key-provider-1";
const running: RunningSandbox[] = [];
afterEach(async () => {
  for (const sandbox of running.splice(0)) await sandbox.close();
});

async function start(options: Parameters<typeof startSandbox>[0] = {}) {
  const sandbox = await startSandbox({ orders: 10, seed: 3, ...options });
  running.push(sandbox);
  return sandbox;
}

const api = (sandbox: RunningSandbox, path: string, init: RequestInit = {}) =>
  fetch(`${sandbox.url}${path}`, { ...init, headers: { "X-API-KEY": KEY_A, ...init.headers } });

const transition = (sandbox: RunningSandbox, orderId: number, body: unknown, signal?: AbortSignal) =>
  api(sandbox, `/v1/fulfillment/orders/${orderId}/transitions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

async function logOf(sandbox: RunningSandbox): Promise<RequestSummary[]> {
  const response = await fetch(`${sandbox.url}/_sandbox/console/requests?limit=1000`);
  return ((await response.json()) as { entries: RequestSummary[] }).entries.reverse();
}

interface Timeline {
  orderId: number;
  providerId: number;
  status: string;
  dropped: number;
  events: TimelineEvent[];
}
async function timelineOf(sandbox: RunningSandbox, orderId: number): Promise<Timeline> {
  const response = await fetch(`${sandbox.url}/_sandbox/orders/${orderId}/timeline`);
  expect(response.status).toBe(200);
  return (await response.json()) as Timeline;
}

/** Every request the sandbox has received ends in the log (its connection closed). */
async function logged(sandbox: RunningSandbox, count: number) {
  await expect.poll(async () => (await logOf(sandbox)).length, { timeout: 30_000 }).toBe(count);
  return logOf(sandbox);
}

/** A transition the sandbox applies slowly (slowApplyMs 6 s), its client gone first: what an integration's timeout leaves. */
async function leaveSlowTransition(sandbox: RunningSandbox, orderId: number, action: string) {
  const control = sandboxControl(sandbox.url);
  // Long enough that the client has surely left; the tests wait for the change, not for a time.
  await control.setFaults({ rateSlowApply: 1, slowApplyMs: 6_000 });
  const abort = new AbortController();
  const late = transition(sandbox, orderId, { action }, abort.signal).catch((e: Error) => e.name);
  await expect.poll(async () => (await control.requests()).total, { timeout: 30_000 }).toBe(1);
  abort.abort();
  expect(await late).toBe("AbortError");
}

describe("request summaries: the order, the transition made and the transition verdict", () => {
  test("made, refused with the flow's reason, not applied; other requests name their order and no transition", async () => {
    const sandbox = await start();
    const order = await sandboxControl(sandbox.url).createOrder({ status: "new", transactionType: "order" });
    await transition(sandbox, order.id, { action: "dispatchDelivery" });
    await transition(sandbox, order.id, { action: "process" });
    await transition(sandbox, order.id, { action: "nope" });
    await api(sandbox, `/v1/fulfillment/orders/${order.id}`);
    await api(sandbox, "/v1/fulfillment/orders?limit=1");
    await sandboxControl(sandbox.url).setFaults({ rate503: 1 });
    await transition(sandbox, order.id, { action: "cancel" });

    const [refused, made, invalid, read, list, unavailable] = await logged(sandbox, 6);
    expect(refused).toMatchObject({
      orderId: order.id,
      status: 409,
      transition: null,
      transitionVerdict: `refused: order ${order.id} is new: dispatchDelivery is not possible from there; allowed now: process, cancel`,
    });
    expect(made).toMatchObject({
      orderId: order.id,
      status: 204,
      transition: { from: "new", action: "process", to: "inprocess" },
      transitionVerdict: "made: new --process--> inprocess",
    });
    expect(invalid).toMatchObject({ status: 400, transition: null });
    expect(invalid?.transitionVerdict).toMatch(/^not applied: answered 400 \(body\.action must be one of process, /);
    expect(read).toMatchObject({ orderId: order.id, transition: null, transitionVerdict: null });
    expect(list).toMatchObject({ orderId: null, transition: null, transitionVerdict: null });
    expect(unavailable).toMatchObject({
      status: 503,
      transition: null,
      transitionVerdict: "not applied: answered 503 (injected fault: service unavailable)",
    });
  });

  test("a slow apply the client gave up on shows the transition once it lands", async () => {
    const sandbox = await start();
    const control = sandboxControl(sandbox.url);
    const order = await control.createOrder({ status: "new" });
    await leaveSlowTransition(sandbox, order.id, "process");
    const [early] = await logged(sandbox, 1);
    expect(early).toMatchObject({ status: "dropped", transition: null });
    expect(early?.transitionVerdict).toMatch(/^not applied yet: the client left before the answer/);

    await expect.poll(async () => (await control.log()).length, { timeout: 30_000 }).toBe(1);
    const [settled] = await logOf(sandbox);
    expect(settled).toMatchObject({
      transition: { from: "new", action: "process", to: "inprocess" },
      transitionVerdict: "made: new --process--> inprocess",
    });
    const [event] = (await timelineOf(sandbox, order.id)).events;
    expect(event).toMatchObject({ status: "dropped", transitionVerdict: "made: new --process--> inprocess" });
    // The rehearsal made the row, late as it came.
    const coverage = await (await fetch(`${sandbox.url}/_sandbox/coverage?providerId=1`)).json();
    expect(coverage).toMatchObject({ made: 1, faults: ["slow-apply", "timeout"] });
  });

  test("a slow apply the flow refuses after the client left shows the refusal", async () => {
    const sandbox = await start();
    const control = sandboxControl(sandbox.url);
    const order = await control.createOrder({ status: "processed" });
    await leaveSlowTransition(sandbox, order.id, "cancel");
    await expect
      .poll(async () => (await logOf(sandbox))[0]?.transitionVerdict, { timeout: 30_000 })
      .toBe(`refused: order ${order.id} is already processed; nothing more can happen to it`);
  });

  test("a drop after apply and a 504 after apply still show the transition they made", async () => {
    const sandbox = await start();
    const control = sandboxControl(sandbox.url);
    await control.setFaults({ rate504AfterApply: 1 });
    const first = await control.createOrder({ status: "new" });
    expect((await transition(sandbox, first.id, { action: "process" })).status).toBe(504);
    await control.setFaults({ rate504AfterApply: 0, rateDrop: 1 });
    // A drop comes before or after applying, drawn by the seeded generator: send until one came after.
    let sent = 1;
    while (!(await control.log()).some((change) => change.fault === "drop-after-apply")) {
      expect(sent, "a drop after applying within 40 requests").toBeLessThan(40);
      const order = await control.createOrder({ status: "new" });
      await expect(transition(sandbox, order.id, { action: "process" })).rejects.toThrow();
      sent++;
    }
    const entries = await logged(sandbox, sent);
    expect(entries[0]).toMatchObject({ status: 504, transitionVerdict: "made: new --process--> inprocess" });
    const changes = await control.log();
    const dropped = entries.at(-1);
    expect(dropped).toMatchObject({
      status: "dropped",
      fault: "drop (afterApplying)",
      orderId: changes.at(-1)?.orderId,
      transition: { from: "new", action: "process", to: "inprocess" },
    });
    // The drops before applying made nothing, and say so.
    for (const entry of entries.slice(1, -1)) {
      expect(entry.transitionVerdict).toBe("not applied: the connection was dropped before the request was handled");
    }
  });
});

describe("per-order timelines", () => {
  test("every request naming the order, the customer's side too, oldest first; an unknown order is a 404", async () => {
    const sandbox = await start();
    const control = sandboxControl(sandbox.url);
    const order = await control.createOrder({ status: "new", transactionType: "order", isPreorder: true });
    const other = await control.createOrder({ status: "new" });
    await transition(sandbox, order.id, { action: "process" });
    await transition(sandbox, order.id, { action: "process" });
    await transition(sandbox, order.id, { action: "dispatchDelivery" });
    await transition(sandbox, other.id, { action: "cancel" });
    await control.requestDelivery(order.id);
    await api(sandbox, `/v1/fulfillment/orders/${order.id}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ externalId: "X-1" }),
    });
    await logged(sandbox, 5);

    const timeline = await timelineOf(sandbox, order.id);
    expect(timeline).toMatchObject({
      orderId: order.id,
      providerId: 1,
      status: "delivery-requested-outbound",
      dropped: 0,
    });
    expect(
      timeline.events.map((e) => [e.seq, e.method, e.path, e.status, e.transitionVerdict?.split(":")[0] ?? null]),
    ).toEqual([
      [1, "POST", `/v1/fulfillment/orders/${order.id}/transitions`, 204, "made"],
      [2, "POST", `/v1/fulfillment/orders/${order.id}/transitions`, 204, "made"],
      [3, "POST", `/v1/fulfillment/orders/${order.id}/transitions`, 409, "refused"],
      [null, "POST", `/_sandbox/orders/${order.id}/request-delivery`, 200, "made"],
      [5, "PUT", `/v1/fulfillment/orders/${order.id}`, 204, null],
    ]);
    const [, , refused, customer] = timeline.events;
    expect(refused).toMatchObject({
      fault: null,
      requestVerdict: "ok",
      responseVerdict: "ok",
      transition: null,
      reason: `order ${order.id} is a preorder: it ships only after the customer requests delivery (status delivery-requested-outbound)`,
    });
    expect(customer).toMatchObject({
      seq: null,
      transition: { from: "ready-for-delivery", action: "customerRequestDelivery", to: "delivery-requested-outbound" },
      transitionVerdict: "made: ready-for-delivery --customerRequestDelivery--> delivery-requested-outbound",
    });
    expect(Object.keys(customer ?? {}).sort()).toEqual(Object.keys(refused ?? {}).sort());
    // Only the event's fields: no body, no key, masked or not.
    expect(Object.keys(refused ?? {}).sort()).toEqual(
      [
        "seq",
        "at",
        "method",
        "path",
        "status",
        "fault",
        "requestVerdict",
        "responseVerdict",
        "transition",
        "transitionVerdict",
        "reason",
      ].sort(),
    );
    expect((await timelineOf(sandbox, other.id)).events.map((e) => e.seq)).toEqual([4]);

    const missing = await fetch(`${sandbox.url}/_sandbox/orders/999999/timeline`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errorCode: "not-found", data: null });
  });

  test("which paths name an order: its id then `/`, `?` or the end; a longer segment names none", async () => {
    const sandbox = await start();
    const order = 1;
    const paths = [
      `/v1/fulfillment/orders/${order}`,
      `/v1/fulfillment/orders/${order}?fields=status`,
      `/v1/fulfillment/orders/${order}/transitions`,
      `/v1/fulfillment/orders/${order}x`,
      `/v1/fulfillment/orders/${order}0000000`,
      `/v1/fulfillment/orders/`,
      `/v1/fulfillment/orders/x${order}`,
      `/v2/fulfillment/orders/${order}`,
    ];
    for (const path of paths) await api(sandbox, path);
    const log = await logged(sandbox, 8);
    expect(log.map((entry) => [entry.path, entry.orderId])).toEqual([
      [paths[0], order],
      [paths[1], order],
      [paths[2], order],
      [paths[3], null],
      [paths[4], 10000000],
      [paths[5], null],
      [paths[6], null],
      [paths[7], null],
    ]);
    expect((await timelineOf(sandbox, order)).events.map((event) => event.path)).toEqual(paths.slice(0, 3));
  });

  test("a timeline outlives the request log's ring; clearing the log keeps it, a reset clears it", async () => {
    const sandbox = await start({ requestLogSize: 3 });
    for (let i = 0; i < 8; i++) await api(sandbox, "/v1/fulfillment/orders/1");
    await api(sandbox, "/v1/fulfillment/orders/2");
    await expect.poll(async () => (await timelineOf(sandbox, 2)).events.length, { timeout: 30_000 }).toBe(1);
    const timeline = await timelineOf(sandbox, 1);
    expect(timeline.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(timeline.dropped).toBe(0);

    expect((await fetch(`${sandbox.url}/_sandbox/console/requests`, { method: "DELETE" })).status).toBe(204);
    expect(await logOf(sandbox)).toEqual([]);
    expect((await timelineOf(sandbox, 1)).events).toHaveLength(8);

    await sandboxControl(sandbox.url).reset();
    expect(await timelineOf(sandbox, 1)).toMatchObject({ dropped: 0, events: [] });
  });

  test("an event's texts do not depend on the log: a log of one entry gives the same timeline as a log of 1000", async () => {
    const [small, large] = [await start({ requestLogSize: 1 }), await start()];
    const ids: number[] = [];
    for (const sandbox of [small, large]) {
      const order = await sandboxControl(sandbox.url).createOrder({ status: "new", transactionType: "order" });
      ids.push(order.id);
      await transition(sandbox, order.id, { action: "dispatchDelivery" });
      await transition(sandbox, order.id, { action: "nope" });
      await api(sandbox, `/v1/fulfillment/orders/${order.id}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ externalId: 5 }),
      });
      await api(sandbox, `/v1/fulfillment/orders/${order.id}/transition`, { method: "POST" });
      await api(sandbox, `/v1/fulfillment/orders/${order.id}?${KEY_A}`);
      await api(sandbox, "/v1/fulfillment/orders?limit=1");
      await expect
        .poll(async () => (await fetch(`${sandbox.url}/_sandbox/console/requests`).then((r) => r.json())).total)
        .toBe(6);
    }
    const [id = 0] = ids;
    expect(ids).toEqual([id, id]);
    const [first, second] = [await timelineOf(small, id), await timelineOf(large, id)];
    const withoutClock = (timeline: Timeline) => timeline.events.map(({ at: _at, ...event }) => event);
    expect(withoutClock(first)).toEqual(withoutClock(second));
    expect(first.events.map((event) => [event.path, event.status, event.requestVerdict.split(":")[0]])).toEqual([
      [`/v1/fulfillment/orders/${id}/transitions`, 409, "ok"],
      [`/v1/fulfillment/orders/${id}/transitions`, 400, "invalid"],
      [`/v1/fulfillment/orders/${id}`, 400, "invalid"],
      [`/v1/fulfillment/orders/${id}/transition`, 404, "no such operation in the spec; closest"],
      [`/v1/fulfillment/orders/${id}?${maskKey(KEY_A)}`, 200, "ok"],
    ]);
    expect(JSON.stringify(first)).not.toContain(KEY_A);
  });

  test("a late verdict reaches the timeline after the log overwrote its request, and no other entry", async () => {
    const sandbox = await start({ requestLogSize: 1 });
    const control = sandboxControl(sandbox.url);
    const order = await control.createOrder({ status: "new" });
    await leaveSlowTransition(sandbox, order.id, "process");
    await logged(sandbox, 1);
    // The log's one slot now holds another request.
    await api(sandbox, "/v1/fulfillment/orders?limit=1");
    await expect.poll(async () => (await logOf(sandbox))[0]?.seq, { timeout: 30_000 }).toBe(2);

    await expect.poll(async () => (await control.log()).length, { timeout: 30_000 }).toBe(1);
    const [event] = (await timelineOf(sandbox, order.id)).events;
    expect(event).toMatchObject({
      seq: 1,
      status: "dropped",
      transition: { from: "new", action: "process", to: "inprocess" },
      transitionVerdict: "made: new --process--> inprocess",
    });
    expect((await logOf(sandbox))[0]).toMatchObject({
      seq: 2,
      orderId: null,
      transition: null,
      transitionVerdict: null,
    });
  });

  test(`each order keeps its newest ${TIMELINE_CAP} events and counts the ones it let go`, async () => {
    const sandbox = await start();
    const total = TIMELINE_CAP + 57;
    for (let i = 0; i < total; i++) await api(sandbox, "/v1/fulfillment/orders/3");
    await expect
      .poll(
        async () => {
          const { dropped, events } = await timelineOf(sandbox, 3);
          return dropped + events.length;
        },
        { timeout: 30_000 },
      )
      .toBe(total);
    const timeline = await timelineOf(sandbox, 3);
    expect(timeline.dropped).toBe(57);
    expect(timeline.events).toHaveLength(TIMELINE_CAP);
    expect(timeline.events[0]?.seq).toBe(58);
    expect(timeline.events.at(-1)?.seq).toBe(total);
  });

  test("with coverageAndTimelines: false the log records as before; coverage and timelines answer 404, naming the option", async () => {
    const sandbox = await start({ coverageAndTimelines: false });
    const order = await sandboxControl(sandbox.url).createOrder({ status: "new", transactionType: "order" });
    expect((await transition(sandbox, order.id, { action: "process" })).status).toBe(204);
    expect((await api(sandbox, `/v1/fulfillment/orders/${order.id}`)).status).toBe(200);
    const entries = await logged(sandbox, 2);
    expect(entries.map((entry) => [entry.method, entry.orderId, entry.transitionVerdict])).toEqual([
      ["POST", order.id, "made: new --process--> inprocess"],
      ["GET", order.id, null],
    ]);
    for (const path of [`/_sandbox/orders/${order.id}/timeline`, "/_sandbox/coverage?providerId=1"]) {
      const response = await fetch(`${sandbox.url}${path}`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { errorDescription: string }).errorDescription).toContain(
        "coverageAndTimelines: false",
      );
    }
    // The same requests with them on (the default) give the order a timeline.
    const recording = await start();
    const same = await sandboxControl(recording.url).createOrder({ status: "new", transactionType: "order" });
    expect((await transition(recording, same.id, { action: "process" })).status).toBe(204);
    await logged(recording, 1);
    expect((await timelineOf(recording, same.id)).events).toHaveLength(1);
  });

  test("requests naming an order the sandbox does not have keep no timeline (memory: orders × cap)", async () => {
    const sandbox = await start();
    for (const id of [5000, 5001, 5002]) await api(sandbox, `/v1/fulfillment/orders/${id}`);
    await logged(sandbox, 3);
    expect((await fetch(`${sandbox.url}/_sandbox/orders/5000/timeline`)).status).toBe(404);
  });

  test("a unit: the per-order cap holds however many events come", () => {
    const timelines = new Timelines(4);
    const event = (seq: number): TimelineEvent => ({ ...sample, seq });
    for (let seq = 1; seq <= 23; seq++) timelines.add(7, event(seq));
    expect(timelines.of(7)).toEqual({ dropped: 19, events: [20, 21, 22, 23].map(event) });
    expect(timelines.of(8)).toEqual({ dropped: 0, events: [] });
    expect(() => new Timelines(0)).toThrow("the timeline cap must be a positive integer (got 0)");
  });
});

const sample: TimelineEvent = {
  seq: 1,
  at: 1_764_430_000_000,
  method: "POST",
  path: "/v1/fulfillment/orders/7/transitions",
  status: 204,
  fault: null,
  requestVerdict: "ok",
  responseVerdict: "ok",
  transition: { from: "new", action: "process", to: "inprocess" },
  transitionVerdict: "made: new --process--> inprocess",
  reason: null,
};

const roundTrip = (saved: unknown): unknown => JSON.parse(JSON.stringify(saved));

describe("saved state (--state): each part saves plain JSON and loads it back, keys only masked", () => {
  test("registerConsole returns the request log, the coverage and the timelines; none with the console off", async () => {
    const app = Fastify({ forceCloseConnections: true });
    const parts = registerConsole(app, new SandboxStore(PROVIDERS), loadSpec(), {});
    expect(parts.map((part) => part.stateKey)).toEqual(["request-log", "coverage", "timelines"]);
    expect(registerConsole(Fastify(), new SandboxStore(PROVIDERS), loadSpec(), { console: false })).toEqual([]);
    // Real requests over HTTP, the key in the header and in the body: the saved JSON has it masked only.
    await app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const address = app.server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      await fetch(`http://127.0.0.1:${port}/v1/fulfillment/orders/1/transitions`, {
        method: "POST",
        headers: { "X-API-KEY": KEY_A, "content-type": "application/json" },
        body: JSON.stringify({ action: "process", note: KEY_A }),
      });
      const log = parts[0];
      await expect.poll(() => JSON.stringify(log?.saveState()), { timeout: 30_000 }).toContain("sand…-1");
      const saved = JSON.stringify(parts.map((part) => part.saveState()));
      expect(saved).not.toContain(KEY_A);
    } finally {
      await app.close();
    }
  });

  test("the request log", () => {
    const log = new RequestLog(3);
    const entry = (n: number): Omit<RequestEntry, "seq"> => ({
      ...sample,
      at: n,
      providerId: 1,
      latencyMs: 1,
      orderId: 7,
      maskedKey: maskKey(KEY_A),
      requestBody: `{"action":"process"}`,
      bodiesDropped: false,
      responseBody: null,
      responseLength: 0,
    });
    for (let n = 1; n <= 5; n++) log.add(entry(n));
    const saved = roundTrip(log.saveState());
    expect(JSON.stringify(saved)).not.toContain(KEY_A);
    const loaded = new RequestLog(3);
    loaded.loadState(saved);
    expect(loaded.total).toBe(5);
    expect(loaded.dropped).toBe(2);
    expect(loaded.newest(10)).toEqual(log.newest(10));
    // A smaller log keeps the newest; the next request continues the count.
    const smaller = new RequestLog(2);
    smaller.loadState(saved);
    expect(smaller.newest(10).map((e) => e.seq)).toEqual([5, 4]);
    smaller.add(entry(6));
    expect(smaller.newest(1)[0]?.seq).toBe(6);
    expect(() => loaded.loadState({ total: 1, entries: [{ seq: 2 }] })).toThrow(/^request-log: the saved state/);
  });

  test("a slot written over keeps nothing of the request before (the log and a timeline reuse theirs)", () => {
    const log = new RequestLog(1);
    const timelines = new Timelines(1);
    const first = log.next();
    Object.assign(first, { ...sample, maskedKey: "sand…-1", responseBody: "{}", responseLength: 2, fault: "503" });
    Object.assign(first, { url: "/v1/x", body: { a: 1 }, apiKey: KEY_A });
    first.maker = { make: () => ({ path: "/v1/x", requestVerdict: "v", responseVerdict: "v", requestBody: "{}" }) };
    timelines.add(7, first);
    // Serialized by mistake, a slot is its entry: the key it keeps for the texts is not in it.
    expect(JSON.parse(JSON.stringify(first))).toMatchObject({ seq: 1, path: "/v1/x", maskedKey: "sand…-1" });
    expect(JSON.stringify(first)).not.toContain(KEY_A);
    const second = log.next();
    expect(second).toBe(first);
    expect(log.get(2)).toEqual({
      ...{ seq: 2, at: 0, providerId: null, method: "", path: "", status: 0, latencyMs: 0, fault: null },
      ...{ requestVerdict: "", responseVerdict: "", reason: null, orderId: null, transition: null },
      ...{ transitionVerdict: null, maskedKey: null, requestBody: null, responseBody: null, responseLength: 0 },
      bodiesDropped: false,
    });
    expect(log.get(1)).toBeUndefined();
    // The timeline's own slot made its texts from its own copy of the sources.
    expect(timelines.of(7).events).toEqual([
      { ...sample, path: "/v1/x", requestVerdict: "v", responseVerdict: "v", fault: "503" },
    ]);
    const control = { ...sample, seq: null, path: "/_sandbox/orders/7/request-delivery" };
    timelines.add(7, control);
    expect(timelines.of(7)).toEqual({ dropped: 1, events: [control] });
  });

  test("the coverage", () => {
    const coverage = new Coverage();
    coverage.note(1, "terminal-status", "503");
    coverage.note(1, undefined, "timeout");
    coverage.note(2, "in-transit", undefined);
    const saved = roundTrip(coverage.saveState());
    const loaded = new Coverage();
    loaded.loadState(saved);
    for (const providerId of [1, 2]) expect(loaded.report(providerId, [])).toEqual(coverage.report(providerId, []));
    expect(loaded.report(1, [])).toMatchObject({ refusals: ["terminal-status"], faults: ["503", "timeout"] });
    expect(() => loaded.loadState({ refusals: { 1: "x" }, faults: {} })).toThrow(/^coverage: the saved state/);
  });

  test("the timelines", () => {
    const timelines = new Timelines(2);
    for (let seq = 1; seq <= 5; seq++) timelines.add(7, { ...sample, seq });
    timelines.add(8, { ...sample, seq: null, path: "/_sandbox/orders/8/request-delivery" });
    const saved = roundTrip(timelines.saveState());
    const loaded = new Timelines(2);
    loaded.loadState(saved);
    expect(loaded.of(7)).toEqual(timelines.of(7));
    expect(loaded.of(7).dropped).toBe(3);
    expect(loaded.of(8)).toEqual(timelines.of(8));
    expect(() => loaded.loadState({ orders: [{ orderId: "7" }] })).toThrow(/^timelines: the saved state/);
  });
});
