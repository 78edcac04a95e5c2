import { FULFILLMENT_ACTIONS, FULFILLMENT_STATUSES, TRANSACTION_TYPES } from "@fulfillkit/core";
import { checkTransition, TRANSITIONS } from "@fulfillkit/transitions";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { type CoverageReport, type RunningSandbox, sandboxControl, startSandbox } from "../src/index";

const KEY_A = "sandbox-key-provider-1";
const KEY_B = "sandbox-key-provider-2";
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ orders: 20, seed: 4 });
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
});
const control = () => sandboxControl(sandbox.url);
beforeEach(async () => {
  await control().reset();
});

const coverage = async (providerId: number) =>
  (await (await fetch(`${sandbox.url}/_sandbox/coverage?providerId=${providerId}`)).json()) as CoverageReport;

const transition = (orderId: number, action: string, signal?: AbortSignal) =>
  fetch(`${sandbox.url}/v1/fulfillment/orders/${orderId}/transitions`, {
    method: "POST",
    headers: { "X-API-KEY": KEY_A, "content-type": "application/json" },
    body: JSON.stringify({ action }),
    ...(signal ? { signal } : {}),
  });

/** A new order of provider 1 from which `row` is allowed, asked of the flow itself. */
async function orderFor(row: (typeof TRANSITIONS)[number]) {
  const transactionType = TRANSACTION_TYPES.find(
    (kind) =>
      checkTransition({ status: row.from, transactionType: kind, isPreorder: false }, { action: row.action }).ok,
  );
  expect(transactionType, `a kind of order that takes ${row.from} --${row.action}-->`).toBeDefined();
  return control().createOrder({ status: row.from, transactionType, isPreorder: false });
}

/** How late the sandbox answers the requests a client abandons: far beyond the abort, under any load. */
const LATE_MS = 10_000;

/**
 * A transition request the client gives up on once the sandbox has it (its id counted). It names
 * an order no test has, so that when the sandbox handles it late it changes nothing.
 */
async function abandon() {
  const before = (await control().requests()).total;
  const abort = new AbortController();
  const late = transition(999_999, "cancel", abort.signal).catch((error: Error) => error.name);
  await expect.poll(async () => (await control().requests()).total, { timeout: 30_000 }).toBe(before + 1);
  abort.abort();
  expect(await late).toBe("AbortError");
}

/** Every fault kind but `timeout`, one request each; then a timeout: a latency the client gives up on. */
async function meetEveryFault(orderId: number) {
  for (const [setting, expected] of [
    ["rate503", [503]],
    ["rate429", [429]],
    ["rate504AfterApply", [504]],
    ["rateSlowApply", [204, 409, "dropped"]],
    ["rateDrop", ["dropped"]],
  ] as const) {
    await control().setFaults({ [setting]: 1, slowApplyMs: 10 });
    const status = await transition(orderId, "cancel").then(
      (response) => response.status,
      () => "dropped" as const,
    );
    expect(expected as readonly (number | string)[]).toContain(status);
    await control().setFaults({ [setting]: 0 });
  }
  await control().setFaults({ latencyMs: LATE_MS });
  await abandon();
  await control().setFaults({ latencyMs: 0 });
}

test("the lists to rehearse come from the flow and the fault injector, not from a copy", async () => {
  const report = await coverage(1);
  expect(report.total).toBe(TRANSITIONS.length);
  expect(report.transitions.map(({ from, action, to }) => ({ from, action, to }))).toEqual(
    TRANSITIONS.map(({ from, action, to }) => ({ from, action, to })),
  );
  const codes = new Set<string>();
  for (const status of FULFILLMENT_STATUSES)
    for (const transactionType of TRANSACTION_TYPES)
      for (const isPreorder of [true, false])
        for (const action of FULFILLMENT_ACTIONS) {
          const result = checkTransition({ status, transactionType, isPreorder }, { action });
          if (!result.ok) codes.add(result.code);
        }
  expect(report.refusalCodes).toEqual([...codes].sort());
  expect(report.refusalCodes).toContain("action-not-allowed-from-status");
  expect(report.faultKinds).toEqual(["429", "503", "504-after-apply", "drop", "slow-apply", "timeout"]);
  expect(report).toMatchObject({ made: 0, refusals: [], faults: [], complete: false });
  expect(report.missing).toHaveLength(TRANSITIONS.length + report.faultKinds.length);
});

test("a rehearsal that makes every row and meets every fault kind is complete; a reset clears it", async () => {
  for (const row of TRANSITIONS) {
    const order = await orderFor(row);
    expect((await transition(order.id, row.action)).status, `${row.from} --${row.action}-->`).toBe(204);
  }
  const spare = await control().createOrder({ status: "processed" });
  expect((await transition(spare.id, "cancel")).status).toBe(409);
  await meetEveryFault(spare.id);

  await expect.poll(async () => (await coverage(1)).complete, { timeout: 30_000 }).toBe(true);
  const report = await coverage(1);
  expect(report).toMatchObject({ made: TRANSITIONS.length, missing: [], refusals: ["terminal-status"] });
  expect(report.faults).toEqual(report.faultKinds);
  // The other tenant rehearsed nothing.
  expect(await coverage(2)).toMatchObject({ made: 0, refusals: [], faults: [], complete: false });

  await control().reset();
  expect(await coverage(1)).toMatchObject({ made: 0, refusals: [], faults: [], complete: false });
}, 120_000);

test("a partial rehearsal lists exactly what is missing", async () => {
  const [first, ...others] = TRANSITIONS;
  if (!first) throw new Error("the flow has rows");
  const order = await orderFor(first);
  expect((await transition(order.id, first.action)).status).toBe(204);
  expect((await transition(order.id, "confirmDelivery")).status).toBe(409);
  await control().setFaults({ rate503: 1 });
  expect((await transition(order.id, "cancel")).status).toBe(503);
  await control().setFaults({ rate503: 0 });

  await expect.poll(async () => (await coverage(1)).faults, { timeout: 30_000 }).toEqual(["503"]);
  const report = await coverage(1);
  expect(report.transitions.filter((row) => row.made)).toEqual([{ ...pick(first), made: true }]);
  expect(report.refusals).toEqual(["action-not-allowed-from-status"]);
  expect(report.complete).toBe(false);
  expect(report.missing).toEqual([
    ...others.map((row) => `transition ${row.from} --${row.action}--> ${row.to}`),
    ...["429", "504-after-apply", "drop", "slow-apply", "timeout"].map((kind) => `fault ${kind}`),
  ]);
}, 60_000);

test("a request the client abandons on a slow apply is both the slow apply and a timeout; a drop is no timeout", async () => {
  const order = await control().createOrder({ status: "new" });
  await control().setFaults({ rateDrop: 1 });
  await expect(transition(order.id, "process")).rejects.toThrow();
  await control().setFaults({ rateDrop: 0 });
  await expect.poll(async () => (await coverage(1)).faults, { timeout: 30_000 }).toEqual(["drop"]);

  await control().setFaults({ rateSlowApply: 1, slowApplyMs: LATE_MS });
  await abandon();
  await expect
    .poll(async () => (await coverage(1)).faults, { timeout: 30_000 })
    .toEqual(["drop", "slow-apply", "timeout"]);
  await control().setFaults({ rateSlowApply: 0, slowApplyMs: 2_000 });
}, 60_000);

test("the tenant is named by ?providerId= or by its key in X-API-KEY; otherwise a 400 names both ways", async () => {
  const order = await control().createOrder({ status: "new", providerId: 2 });
  await fetch(`${sandbox.url}/v1/fulfillment/orders/${order.id}/transitions`, {
    method: "POST",
    headers: { "X-API-KEY": KEY_B, "content-type": "application/json" },
    body: JSON.stringify({ action: "process" }),
  });
  const byKey = await fetch(`${sandbox.url}/_sandbox/coverage`, { headers: { "X-API-KEY": KEY_B } });
  expect(byKey.status).toBe(200);
  expect(await byKey.json()).toMatchObject({ providerId: 2, made: 1 });

  for (const [query, headers] of [
    ["", {}],
    ["?providerId=9", {}],
    ["?providerId=abc", {}],
    ["", { "X-API-KEY": "not-a-key-of-any-tenant" }],
  ] as const) {
    const response = await fetch(`${sandbox.url}/_sandbox/coverage${query}`, { headers });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ errorCode: "invalid-query", data: null });
    expect(body.errorDescription).toBe(
      "name the tenant: ?providerId= one of 1, 2, or the tenant's key in the X-API-KEY header",
    );
    expect(JSON.stringify(body)).not.toContain("not-a-key");
  }
});

const pick = ({ from, action, to }: { from: string; action: string; to: string }) => ({ from, action, to });
