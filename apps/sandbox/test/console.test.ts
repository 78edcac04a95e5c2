import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { checkTransition } from "@fulfillkit/transitions";
import { afterEach, describe, expect, test } from "vitest";
import { type RequestEntry, type RunningSandbox, sandboxControl, startSandbox } from "../src/index";

const KEY_A = "sandbox-key-provider-1";
const running: RunningSandbox[] = [];
afterEach(async () => {
  for (const sandbox of running.splice(0)) await sandbox.close();
});

async function start(options: Parameters<typeof startSandbox>[0] = {}) {
  const sandbox = await startSandbox({ orders: 30, seed: 2, ...options });
  running.push(sandbox);
  return sandbox;
}

const api = (sandbox: RunningSandbox, path: string, init: RequestInit = {}) =>
  fetch(`${sandbox.url}${path}`, { ...init, headers: { "X-API-KEY": KEY_A, ...init.headers } });

async function logOf(sandbox: RunningSandbox) {
  const response = await fetch(`${sandbox.url}/_sandbox/console/requests`);
  return (await response.json()) as { entries: RequestEntry[]; total: number; dropped: number; capacity: number };
}

describe("request log", () => {
  test("records every vendor-API request newest first, with verdicts; /_sandbox requests are not in it", async () => {
    const sandbox = await start();
    await api(sandbox, "/v1/fulfillment/orders?limit=2");
    await api(sandbox, "/v1/fulfillment/orders?limit=nope");
    await api(sandbox, "/v1/fulfillment/orders/1/transitions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "process", note: KEY_A }),
    });
    await fetch(`${sandbox.url}/v1/fulfillment/orders/1`);
    await fetch(`${sandbox.url}/_sandbox/stats`);
    const log = await logOf(sandbox);
    expect(log.total).toBe(4);
    expect(log.entries.map((e) => [e.seq, e.method, e.path, e.status])).toEqual([
      [4, "GET", "/v1/fulfillment/orders/1", 401],
      [3, "POST", "/v1/fulfillment/orders/1/transitions", 400],
      [2, "GET", "/v1/fulfillment/orders?limit=nope", 400],
      [1, "GET", "/v1/fulfillment/orders?limit=2", 200],
    ]);
    const [unauthorized, badBody, badQuery, list] = log.entries;
    expect(list).toMatchObject({ providerId: 1, fault: null, requestVerdict: "ok", responseVerdict: "ok" });
    expect(list?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(badQuery?.requestVerdict).toMatch(/^invalid: .*limit/);
    expect(badBody?.requestVerdict).toMatch(/^invalid: /);
    expect(unauthorized).toMatchObject({ providerId: null, requestVerdict: expect.stringMatching(/^unauthorized/) });
    // The summaries carry no bodies; the entry does, the key masked wherever it appeared.
    expect(Object.keys(list ?? {})).not.toContain("responseBody");
    const entry = (await (await fetch(`${sandbox.url}/_sandbox/console/requests/3`)).json()) as RequestEntry;
    expect(entry.maskedKey).toBe("sand…-1");
    expect(JSON.parse(entry.requestBody ?? "")).toEqual({ action: "process", note: "sand…-1" });
    expect(JSON.parse(entry.responseBody ?? "").errorCode).toBeTruthy();
    expect(JSON.stringify(entry)).not.toContain(KEY_A);
  });

  test("bodies: a long successful GET's is not kept, an error's always; only the newest 100 requests keep theirs", async () => {
    const sandbox = await start({ orders: 200 });
    await api(sandbox, "/v1/fulfillment/orders?limit=100");
    const detail = async (seq: number) =>
      (await (await fetch(`${sandbox.url}/_sandbox/console/requests/${seq}`)).json()) as RequestEntry;
    await api(sandbox, "/v1/fulfillment/orders?limit=100000");
    const list = await detail(1);
    expect(list.responseBody).toBeNull();
    expect(list.responseLength).toBeGreaterThan(8_192);
    expect((await detail(2)).responseBody).toContain("limit");
    for (let i = 0; i < 100; i++) await api(sandbox, "/v1/fulfillment/orders/1");
    expect(await detail(2)).toMatchObject({ bodiesDropped: true, responseBody: null, status: 400 });
    expect((await detail(3)).responseBody).toContain('"id":1');
  });

  test("repeated GETs of one path: each entry keeps the answer its request got, changed or not", async () => {
    const sandbox = await start({ orders: 5 });
    const answers: string[] = [];
    const get = async () => answers.push(await (await api(sandbox, "/v1/fulfillment/orders/1")).text());
    await get();
    await get();
    const patched = await api(sandbox, "/v1/fulfillment/orders/1", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ op: "replace", path: "/externalId", value: "changed-between-polls" }]),
    });
    expect(patched.status).toBeLessThan(300);
    await get();
    const detail = async (seq: number) =>
      (await (await fetch(`${sandbox.url}/_sandbox/console/requests/${seq}`)).json()) as RequestEntry;
    const kept = [(await detail(1)).responseBody, (await detail(2)).responseBody, (await detail(4)).responseBody];
    expect(kept).toEqual(answers);
    expect(answers[0]).toBe(answers[1]);
    expect(answers[2]).toContain("changed-between-polls");
  });

  test("an entry's texts made on its first read, long after the request, are what they would have been at once", async () => {
    const sandbox = await start({ orders: 5 });
    const post = (body: unknown) =>
      api(sandbox, `/v1/fulfillment/orders/2/transitions?key=${KEY_A}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post({ action: "process", note: KEY_A })).status).toBe(400);
    const timeline = async () =>
      ((await (await fetch(`${sandbox.url}/_sandbox/orders/2/timeline`)).json()) as { events: RequestEntry[] }).events;
    const [early] = await timeline();
    expect((await post({ action: "process", note: "twice" })).status).toBe(400);
    for (let i = 0; i < 100; i++) await api(sandbox, "/v1/fulfillment/orders/1");
    // Read for the first time now: its bodies are gone, its texts made from what was kept.
    const late = (await (await fetch(`${sandbox.url}/_sandbox/console/requests/2`)).json()) as RequestEntry;
    expect(late).toMatchObject({
      path: "/v1/fulfillment/orders/2/transitions?key=sand…-1",
      requestVerdict: `invalid: body.note = "twice": breaks the spec's rule additionalProperties false`,
      responseVerdict: "ok",
      requestBody: null,
      bodiesDropped: true,
    });
    expect(early).toMatchObject({
      path: "/v1/fulfillment/orders/2/transitions?key=sand…-1",
      requestVerdict: `invalid: body.note = "sand…-1": breaks the spec's rule additionalProperties false`,
    });
    expect((await timeline()).map((event) => event.requestVerdict)).toEqual([
      early?.requestVerdict,
      late.requestVerdict,
    ]);
    const everything = JSON.stringify([late, await timeline(), await logOf(sandbox)]);
    expect(everything).not.toContain(KEY_A);
  });

  test("a refused transition's entry carries the flow's reason beside the spec verdicts", async () => {
    const sandbox = await start();
    const order = await sandboxControl(sandbox.url).createOrder({ status: "new", transactionType: "order" });
    await api(sandbox, `/v1/fulfillment/orders/${order.id}/transitions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "dispatchDelivery" }),
    });
    const refusal = checkTransition(order, { action: "dispatchDelivery" });
    if (refusal.ok) throw new Error("dispatchDelivery should be refused from new");
    const [entry] = (await logOf(sandbox)).entries;
    expect(entry).toMatchObject({ status: 409, requestVerdict: "ok", responseVerdict: "ok", reason: refusal.reason });
    expect(refusal.reason).toContain("allowed now: process, cancel");
  });

  test("a status the spec does not declare for the operation is flagged", async () => {
    const sandbox = await start();
    // The sandbox answers only declared statuses but for Fastify's own refusals of a body it
    // cannot read: a text/plain body is a 415, which no operation declares.
    const refused = await api(sandbox, "/v1/fulfillment/orders/1/transitions", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "process",
    });
    expect(refused.status).toBe(415);
    await api(sandbox, "/v1/nothing-here");
    const [noRoute, unreadable] = (await logOf(sandbox)).entries;
    expect(unreadable?.responseVerdict).toBe(
      "status 415 is not declared for POST /v1/fulfillment/orders/{orderId}/transitions",
    );
    expect(noRoute?.requestVerdict).toBe("no such operation in the spec; no operation of the spec is close");
  });

  test("injected faults are named: 503 before handling, a dropped connection", async () => {
    const sandbox = await start();
    const control = sandboxControl(sandbox.url);
    await control.setFaults({ rate503: 1 });
    expect((await api(sandbox, "/v1/fulfillment/orders/1")).status).toBe(503);
    await control.setFaults({ rate503: 0, rateDrop: 1 });
    await expect(api(sandbox, "/v1/fulfillment/orders/1")).rejects.toThrow();
    await expect.poll(async () => (await logOf(sandbox)).total, { timeout: 30_000 }).toBe(2);
    const [dropped, unavailable] = (await logOf(sandbox)).entries;
    expect(unavailable).toMatchObject({ status: 503, fault: "503", responseVerdict: "injected fault (503)" });
    expect(dropped).toMatchObject({ status: "dropped", fault: "drop" });
  });

  test("is a ring: it keeps the newest requestLogSize entries and counts the dropped ones; reset and clear empty it", async () => {
    const sandbox = await start({ requestLogSize: 5 });
    for (let i = 1; i <= 8; i++) await api(sandbox, `/v1/fulfillment/orders/${i}`);
    const log = await logOf(sandbox);
    expect(log).toMatchObject({ total: 8, dropped: 3, capacity: 5 });
    expect(log.entries.map((e) => e.path)).toEqual([8, 7, 6, 5, 4].map((i) => `/v1/fulfillment/orders/${i}`));
    expect((await fetch(`${sandbox.url}/_sandbox/console/requests/3`)).status).toBe(404);
    await sandboxControl(sandbox.url).reset();
    expect(await logOf(sandbox)).toMatchObject({ total: 0, dropped: 0, entries: [] });
    await api(sandbox, "/v1/fulfillment/orders/1");
    expect((await fetch(`${sandbox.url}/_sandbox/console/requests`, { method: "DELETE" })).status).toBe(204);
    expect(await logOf(sandbox)).toMatchObject({ total: 0, dropped: 0, entries: [] });
  });

  test("a bad requestLogSize is refused with the option's name", async () => {
    await expect(startSandbox({ requestLogSize: 0 })).rejects.toThrow(/requestLogSize must be a positive integer/);
  });
});

describe("live events", () => {
  test("an open console receives new log entries and a change notice after a transition", async () => {
    const sandbox = await start();
    const abort = new AbortController();
    const response = await fetch(`${sandbox.url}/_sandbox/console/events`, { signal: abort.signal });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    await api(sandbox, "/v1/fulfillment/orders/1/transitions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "cancel" }),
    });
    let text = "";
    while (!(text.includes("event: requests") && text.includes("event: changed"))) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const data = text.split("event: requests\ndata: ")[1]?.split("\n")[0] ?? "";
    expect(JSON.parse(data).entries[0]).toMatchObject({ method: "POST", path: "/v1/fulfillment/orders/1/transitions" });
    abort.abort();
  });
});

describe("the console's address and token", () => {
  test("on loopback the console and the controls need no token", async () => {
    const sandbox = await start();
    expect(sandbox.token).toBeUndefined();
    expect(sandbox.consoleUrl).toBe(`${sandbox.url}/_sandbox/console`);
    expect((await fetch(`${sandbox.url}/_sandbox/stats`)).status).toBe(200);
    const page = await fetch(sandbox.consoleUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/_sandbox/console/assets/main.js");
    expect((await fetch(`${sandbox.url}/_sandbox/console/assets/main.js`)).status).toBe(200);
    const root = await fetch(`${sandbox.url}/`, { redirect: "manual" });
    expect(root.headers.get("location")).toBe("/_sandbox/console");
  });

  test("beyond loopback every /_sandbox control and the console require the token; the API keeps its key", async () => {
    const sandbox = await start({ host: "0.0.0.0" });
    const token = sandbox.token ?? "";
    expect(token.length).toBeGreaterThanOrEqual(20);
    const local = `http://127.0.0.1:${sandbox.port}`;
    for (const [method, path] of [
      ["GET", "/_sandbox/stats"],
      ["GET", "/_sandbox/log"],
      ["GET", "/_sandbox/faults"],
      ["PUT", "/_sandbox/faults"],
      ["POST", "/_sandbox/reset"],
      ["POST", "/_sandbox/orders"],
      ["GET", "/_sandbox/console"],
      ["GET", "/_sandbox/console/requests"],
      ["GET", "/_sandbox/console/tenants"],
      ["GET", "/_sandbox/console/events"],
      ["DELETE", "/_sandbox/console/requests"],
      ["GET", "/"],
    ]) {
      const refused = await fetch(`${local}${path}`, { method, redirect: "manual" });
      expect(refused.status, `${method} ${path}`).toBe(401);
      expect(await refused.text()).not.toContain(token);
      const wrong = await fetch(`${local}${path}`, { method, headers: { "x-sandbox-token": `${token}x` } });
      expect(wrong.status, `${method} ${path} with a wrong token`).toBe(401);
    }
    const before = (await sandboxControl(local, { token }).stats()).total;
    expect(before).toBe(30);
    // The URL printed for the console carries the token and sets a cookie for the page's own calls.
    const page = await fetch(sandbox.consoleUrl.replace("0.0.0.0", "127.0.0.1"));
    expect(page.status).toBe(200);
    const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toBe(`sandbox-token=${token}`);
    expect((await fetch(`${local}/_sandbox/console/tenants`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${local}/v1/fulfillment/orders/1`, { headers: { "X-API-KEY": KEY_A } })).status).toBe(200);
  });

  test("`pnpm sandbox` prints the console URL beside the API keys, and the token beyond loopback", async () => {
    const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
    const tsx = createRequire(import.meta.url).resolve("tsx");
    const child = spawn(
      process.execPath,
      ["--import", tsx, cli, "--host", "0.0.0.0", "--port", "0", "--orders", "10"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    try {
      let out = "";
      for await (const chunk of child.stdout) {
        out += String(chunk);
        if (out.includes("Token")) break;
      }
      expect(out).toContain("sandbox-key-provider-1");
      const consoleUrl = /Console: (\S+)/.exec(out)?.[1] ?? "";
      const token = /Token .*: (\S+)/.exec(out)?.[1] ?? "";
      expect(consoleUrl).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/_sandbox\/console\?token=/);
      expect(consoleUrl.endsWith(`token=${token}`)).toBe(true);
      const local = consoleUrl.replace("0.0.0.0", "127.0.0.1");
      expect((await fetch(local)).status).toBe(200);
      expect((await fetch(local.split("?")[0] ?? "")).status).toBe(401);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
