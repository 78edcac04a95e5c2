import { TRANSITIONS } from "@fulfillkit/transitions";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type CoverageReport, type RunningSandbox, sandboxControl, startSandbox } from "../src/index";

const KEY_A = "sandbox-key-provider-1";
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ orders: 20, seed: 4 });
});
afterAll(async () => {
  await sandbox?.close();
});

const coverage = async (providerId: number) =>
  (await (await fetch(`${sandbox.url}/_sandbox/coverage?providerId=${providerId}`)).json()) as CoverageReport;

const transition = (orderId: number, action: string) =>
  fetch(`${sandbox.url}/v1/fulfillment/orders/${orderId}/transitions`, {
    method: "POST",
    headers: { "X-API-KEY": KEY_A, "content-type": "application/json" },
    body: JSON.stringify({ action }),
  });

test("rehearsal coverage: the rows made, the refusals met and the faults injected, per tenant; reset clears it", async () => {
  const control = sandboxControl(sandbox.url);
  const fresh = await coverage(1);
  expect(fresh).toMatchObject({ providerId: 1, made: 0, total: TRANSITIONS.length, refusals: [], faults: [] });

  const order = await control.createOrder({ status: "new", transactionType: "order" });
  expect((await transition(order.id, "process")).status).toBe(204);
  expect((await transition(order.id, "confirmDelivery")).status).toBe(409);
  await control.setFaults({ rate503: 1 });
  expect((await transition(order.id, "cancel")).status).toBe(503);
  await control.setFaults({ rate503: 0 });

  await expect.poll(async () => (await coverage(1)).faults, { timeout: 30_000 }).toEqual(["503"]);
  const report = await coverage(1);
  expect(report.made).toBe(1);
  expect(report.transitions.filter((row) => row.made)).toEqual([
    { from: "new", action: "process", to: "inprocess", made: true },
  ]);
  expect(report.refusals).toEqual(["action-not-allowed-from-status"]);
  // The other tenant rehearsed nothing.
  expect(await coverage(2)).toMatchObject({ made: 0, refusals: [], faults: [] });

  await control.reset();
  expect(await coverage(1)).toMatchObject({ made: 0, refusals: [], faults: [] });
});

test("an unknown provider is a 400 naming the parameter", async () => {
  const response = await fetch(`${sandbox.url}/_sandbox/coverage?providerId=9`);
  expect(response.status).toBe(400);
  expect((await response.json()).errorDescription).toBe("providerId must be one of 1, 2");
});
