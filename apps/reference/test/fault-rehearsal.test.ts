/**
 * The fault rehearsal: over a thousand open orders through the real `fulfill run` (the built
 * command, a child process), with every fault the sandbox can inject mixed into more than a fifth
 * of the requests, slow applies and 504s after the change included. Nothing is applied twice (the
 * sandbox's own log), the worker's count matches the server's (but for transitions whose outcome it
 * reported unknown), and every order reaches where the
 * policy says after at most one re-run.
 */
import type { FulfillmentOrder } from "@fulfillkit/core";
import { type RunningSandbox, startSandbox } from "@fulfillkit/sandbox";
import { afterAll, beforeAll, expect, test } from "vitest";
import { EXIT } from "../src/exit-codes";
import { preview } from "../src/worker/policy";
import type { RunSummary } from "../src/worker/summary";
import { allOrders, controlOf, fulfill } from "./helpers";

/**
 * Each request attempt gives up after TIMEOUT_MS (long enough for a page of 500 orders from a
 * loaded sandbox); a slow apply lands SLOW_APPLY_MS after it arrived: after the client gave up, and
 * well before the client's settle interval (2 × the attempt) ends and it re-reads.
 */
const TIMEOUT_MS = 1500;
const SLOW_APPLY_MS = 1800;

let sandbox: RunningSandbox;
let before: Map<number, FulfillmentOrder>;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 41, orders: 2000 });
  before = await allOrders(sandbox);
});
afterAll(async () => {
  await sandbox?.close();
});

/** `fulfill run --json` for one API key; its exit code and summary (an unreadable summary fails the test with stderr). */
async function fulfillRun(apiKey: string): Promise<{ code: number | null; summary: RunSummary }> {
  // 16 lanes: the run waits on the API (settle intervals, slow applies), not on its own CPU.
  const args = ["run", "--json", "--concurrency", "16", "--timeout", String(TIMEOUT_MS)];
  const { code, stdout, stderr } = await fulfill(args, {
    env: { EQUIPME_BASE_URL: sandbox.url, EQUIPME_API_KEY: apiKey, FULFILL_RETRY_BASE_MS: "5" },
  });
  expect(stdout.startsWith("{"), `fulfill run exited ${code} without a summary: ${stderr}`).toBe(true);
  return { code, summary: JSON.parse(stdout) as RunSummary };
}

/** Every provider's run, side by side, as two integrations would. */
const runEveryProvider = () => Promise.all(sandbox.providers.map(({ apiKey }) => fulfillRun(apiKey)));

test("≥ 1,000 orders under every fault kind (> 20 % of requests): none moved twice, all at their destination after at most one re-run", async () => {
  const open = [...before.values()].filter((order) => preview(order).actions.length > 0);
  expect(open.length).toBeGreaterThanOrEqual(1000);
  await controlOf(sandbox).setFaults({
    rate503: 0.05,
    rate429: 0.04,
    rateDrop: 0.04,
    rateSlowApply: 0.04,
    rate504AfterApply: 0.04,
    slowApplyMs: SLOW_APPLY_MS,
    retryAfterSeconds: 0,
    seed: 7,
  });

  const first = await runEveryProvider();
  for (const { code } of first) expect([EXIT.ok, EXIT.retryLater]).toContain(code);
  const leftBehind = first.flatMap(({ summary }) => summary.leftForNextRun);
  const second = leftBehind.length > 0 ? await runEveryProvider() : [];
  for (const { code } of second) expect(code).toBe(EXIT.ok);
  const requests = await controlOf(sandbox).requests();
  await controlOf(sandbox).setFaults({ rate503: 0, rate429: 0, rateDrop: 0, rateSlowApply: 0, rate504AfterApply: 0 });
  const runs = [...first, ...second].map(({ summary }) => summary);
  expect(runs.flatMap((summary) => summary.failures)).toEqual([]);

  // Each order's applied transitions are exactly the policy's path from where it was: none twice, none missing.
  const log = await controlOf(sandbox).log();
  const applied = new Map<number, string[]>();
  for (const entry of log) applied.set(entry.orderId, [...(applied.get(entry.orderId) ?? []), entry.action]);
  const wrong = [...before.values()]
    .filter((order) => JSON.stringify(applied.get(order.id) ?? []) !== JSON.stringify(preview(order).actions))
    .map(
      (order) =>
        `order ${order.id} (was ${order.status}): applied ${applied.get(order.id)}, expected ${preview(order).actions}`,
    );
  expect(wrong).toEqual([]);
  const after = await allOrders(sandbox);
  for (const order of before.values()) expect(after.get(order.id)?.status).toBe(preview(order).end);

  // The worker's account agrees with the server's: every transition it counted was applied, none
  // counted twice. One it did not count must be a transition whose outcome the client could not
  // learn (its re-reads failed too), reported as such on an order left for the next run: a slow
  // apply may land after the worker gave up on it, and the next run starts from where it landed.
  const counted = runs.reduce((sum, summary) => sum + summary.transitions, 0);
  const unknownOutcomes = runs
    .flatMap((summary) => summary.leftForNextRun)
    .filter(({ error }) => error.includes("TransitionOutcomeUnknownError"));
  expect(counted).toBeLessThanOrEqual(log.length);
  expect(log.length - counted).toBeLessThanOrEqual(unknownOutcomes.length);
  // The faults really happened, every kind, in more than a fifth of the requests.
  const { byFault } = requests;
  for (const kind of [
    "503",
    "429",
    "drop-before-apply",
    "drop-after-apply",
    "slow-apply",
    "504-after-apply",
  ] as const) {
    expect(byFault[kind], kind).toBeGreaterThan(0);
  }
  const faulted = Object.values(byFault).reduce((sum, n) => sum + (n ?? 0), 0);
  expect(faulted / requests.total).toBeGreaterThan(0.2);
}, 300_000);
