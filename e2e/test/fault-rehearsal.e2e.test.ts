import { createFulfillmentClient } from "@fulfillkit/client";
import type { FulfillmentStatus } from "@fulfillkit/core";
import { type RunningSandbox, sandboxControl, startSandbox } from "@fulfillkit/sandbox";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { contradictions, errorName, groupBy, stepKey } from "../src/log-check";
import { driveAlongRoutes } from "../src/route-driver";

// The client alone against the real sandbox with every fault kind mixed in: the rehearsal of a
// slow, lossy API. The sandbox's log says which request applied which change, so every answer
// of the client can be held against what the server really did.
const SEEDED_ORDERS = 2_200;
const DRIVEN_ORDERS = 1_000;
const CONCURRENCY = 32;
// A slow apply lands SLOW_APPLY_MS after it arrived: after the client's timeout, well before the
// end of its settle interval (TIMEOUT_MS + SETTLE_MS), so the client must see it land and never re-send.
const SLOW_APPLY_MS = 900;
const TIMEOUT_MS = 500;
const SETTLE_MS = 1_500;
const FAULTS = {
  rate503: 0.06,
  rate429: 0.05,
  rateDrop: 0.05,
  rateSlowApply: 0.04,
  rate504AfterApply: 0.04,
  slowApplyMs: SLOW_APPLY_MS,
  retryAfterSeconds: 0,
  seed: 20_261_129,
};
const NO_RATES = { rate503: 0, rate429: 0, rateDrop: 0, rateSlowApply: 0, rate504AfterApply: 0 };

let sandbox: RunningSandbox;
beforeAll(async () => {
  // Seeded orders of every transaction type, fulfillment type and preorder kind, in every status
  // the flow can produce: some at the start of their route, some half-way, some done.
  sandbox = await startSandbox({ port: 0, seed: 11, orders: SEEDED_ORDERS });
});
afterAll(async () => {
  // close() alone waits for the client's kept-alive connections (up to Fastify's 72 s keep-alive).
  sandbox?.app.server.closeAllConnections();
  await sandbox?.close();
});

const key = stepKey;

describe("the client against the sandbox under every fault kind", () => {
  test(`${DRIVEN_ORDERS}+ orders along their provider routes: nothing applied twice, no answer contradicts the server`, async () => {
    const control = sandboxControl(sandbox.url);
    const [provider] = sandbox.providers;
    if (!provider) throw new Error("the sandbox has no provider");
    const client = createFulfillmentClient({
      baseUrl: sandbox.url,
      apiKey: provider.apiKey,
      timeoutMs: TIMEOUT_MS,
      settleMs: SETTLE_MS,
      retry: { maxRetries: 4, baseDelayMs: 10, maxDelayMs: 100 },
    });

    await control.setFaults(FAULTS);
    const first = await driveAlongRoutes(client, CONCURRENCY);
    // Nothing of the first run is still in flight (each unknown outcome waited out its settle
    // interval), but give a straggler longer than a slow apply before reading the log.
    await new Promise((resolve) => setTimeout(resolve, 2 * SLOW_APPLY_MS));
    const requests = await control.requests();
    const logAfterFirst = await control.log();

    await control.setFaults(NO_RATES);
    const rerun = await driveAlongRoutes(client, CONCURRENCY);
    const log = await control.log();
    const finalStatus = new Map<number, FulfillmentStatus>();
    for await (const order of client.orders.listAll({}, { pageSize: 1000 })) finalStatus.set(order.id, order.status);

    // The summary, before any assertion can stop the test.
    const outcomes = groupBy(
      first.steps.filter((step) => step.result),
      (step) => step.result?.outcome ?? "",
    );
    const errors = groupBy(
      first.steps.filter((step) => step.error !== undefined),
      (step) => errorName(step.error),
    );
    const faulted = Object.values(requests.byFault).reduce((sum, n) => sum + (n ?? 0), 0);
    const appliedByFault = groupBy(
      logAfterFirst.filter((entry) => entry.fault),
      (entry) => entry.fault ?? "",
    );
    const count = (groups: Map<string | number, unknown[]>) =>
      [...groups].map(([name, items]) => `${name} ${items.length}`).join(", ") || "none";
    console.log(
      `fault rehearsal: ${first.driven.size} orders driven, ${first.steps.length} transitions; ` +
        `${requests.total} requests, ${faulted} faulted (${((100 * faulted) / requests.total).toFixed(1)} %: ` +
        `${Object.entries(requests.byFault)
          .map(([label, n]) => `${label} ${n}`)
          .join(", ")}); outcomes: ${count(outcomes)}; errors: ${count(errors)}; ` +
        `read errors ${first.readErrors.length}; changes applied by faulted requests: ${count(appliedByFault)}; ` +
        `re-run without faults: ${rerun.steps.length} transitions, ${rerun.steps.filter((s) => s.error).length} errors`,
    );

    // The rehearsal was the one asked for: enough orders, every fault kind, ≥ 20 % faulted.
    expect(first.driven.size).toBeGreaterThanOrEqual(DRIVEN_ORDERS);
    expect(faulted / requests.total).toBeGreaterThanOrEqual(0.2);
    for (const kind of [
      ["503"],
      ["429"],
      ["drop-before-apply", "drop-after-apply"],
      ["slow-apply", "slow-apply-then-drop"],
      ["504-after-apply"],
    ] as const) {
      expect(
        kind.some((label) => (requests.byFault[label] ?? 0) > 0),
        `fault ${kind.join("/")}`,
      ).toBe(true);
    }
    // Changes did land behind lost answers, late ones included.
    for (const label of ["slow-apply", "504-after-apply", "drop-after-apply"]) {
      expect(appliedByFault.get(label)?.length ?? 0, `changes applied by ${label} requests`).toBeGreaterThan(0);
    }

    // 0 changes applied twice, 0 answers that contradict the server: in the first run, and in the
    // re-run (whose log is the whole log).
    expect(contradictions(first.steps, logAfterFirst, log, finalStatus)).toEqual([]);
    expect(contradictions(rerun.steps, log, log, finalStatus, first.steps)).toEqual([]);
    const firstRunApplications = groupBy(logAfterFirst, key);
    const claimedApplied = first.steps.filter(
      (step) => step.result?.outcome === "applied" || step.result?.outcome === "already-applied",
    );
    expect(claimedApplied.length).toBeGreaterThan(DRIVEN_ORDERS);
    // The slow applies were reconciled: the client gave up on them, and found them landed.
    const reconciledLate = claimedApplied.filter(
      (step) =>
        step.result?.outcome === "already-applied" &&
        firstRunApplications.get(key(step))?.[0]?.fault?.startsWith("slow-apply"),
    );
    expect(reconciledLate.length).toBeGreaterThan(0);

    // After one re-run without faults, every order is where its route ends.
    // (An order whose re-read failed in the first run got its route in the second.)
    const ends = new Map([...first.ends, ...rerun.ends]);
    expect(ends.size).toBe(finalStatus.size);
    const astray = [...ends].filter(([id, end]) => finalStatus.get(id) !== end);
    expect(astray).toEqual([]);
    expect(rerun.steps.filter((step) => step.error)).toEqual([]);
  }, 240_000);
});
