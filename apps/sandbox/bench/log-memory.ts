/**
 * The request log's memory over a long run: a sandbox in its own process (`--expose-gc`, so the
 * heap is measured after a full collection, and without the load generator's own objects) takes
 * 100,000 vendor-API requests over loopback from autocannon: lists, single orders, transitions,
 * PATCHes, 400s, 404s, 403s, with faults (503, 429, 504 after apply, drops) on for a quarter of
 * the traffic. The heap after the first 10,000 requests is the baseline; the heap after 100,000
 * is set against it in the same run. Goal ≈ 1.0× (≤ 1.2×). Printed, not asserted.
 *
 * Few orders (BENCH_LOG_ORDERS, 3): what grows with orders (each order's timeline keeps up to
 * its cap of 200 events) is full before the baseline, so what the ratio shows is what
 * grows with requests. BENCH_ORDERS, which sizes the throughput benchmarks, does not apply.
 * BENCH_QUICK=1 (CI): 7,500 requests against the heap after 2,500.
 * BENCH_LOG_SIZE: the ring's size (1,000); one as large as the run is the control that shows what
 * a log that keeps everything would cost.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon, { type Request } from "autocannon";

const quick = process.env.BENCH_QUICK === "1";
const BASELINE = quick ? 2_500 : 10_000;
// Quick: CI's whole `pnpm bench` shares a loaded 2-core machine; this part stays under ~40 s.
const TOTAL = quick ? 7_500 : 100_000;
const ORDERS = Number(process.env.BENCH_LOG_ORDERS ?? 3);
const LOG_SIZE = Number(process.env.BENCH_LOG_SIZE ?? 1_000);
const KEY = "sandbox-key-provider-1";
const FAULTS = { rate503: 0.02, rate429: 0.02, rate504AfterApply: 0.01, rateDrop: 0.005, seed: 5 };
const NO_FAULTS = { rate503: 0, rate429: 0, rate504AfterApply: 0, rateDrop: 0 };

/** The sandbox's side: prints `{ url }`, then answers each `heap` line with the heap used after a full GC. */
async function serve(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  // Imported here only: the load generator's process does without the sandbox's modules.
  const { startSandbox } = await import("../src/index");
  const sandbox = await startSandbox({ orders: ORDERS, seed: 1, requestLogSize: LOG_SIZE });
  console.log(JSON.stringify({ url: sandbox.url }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== "heap") continue;
    gc();
    gc();
    console.log(JSON.stringify({ heapUsed: process.memoryUsage().heapUsed }));
  }
  await sandbox.close();
}

function startServer() {
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const child: ChildProcess = spawn(
    process.execPath,
    ["--expose-gc", "--import", tsx, fileURLToPath(import.meta.url), "--serve"],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(String((await lines.next()).value)) as { url?: string; heapUsed?: number };
  return {
    next,
    async heapUsed() {
      child.stdin?.write("heap\n");
      return (await next()).heapUsed ?? 0;
    },
    stop: () => child.stdin?.end(),
  };
}

// One id past the seeded orders: an order that does not exist, a 403.
const randomOrder = () => 1 + Math.floor(Math.random() * (ORDERS + 1));
const json = { "content-type": "application/json", "x-api-key": KEY };
/** A request whose `{id}` becomes a random order id. */
const onOrder = (method: string, path: string, body?: unknown): Request => ({
  method: method as Request["method"],
  headers: json,
  setupRequest: (request) => ({
    ...request,
    path: path.replace("{id}", String(randomOrder())),
    ...(body === undefined ? {} : { body: JSON.stringify(body).replace("{n}", String(randomOrder())) }),
  }),
});

const MIX: Request[] = [
  { method: "GET", path: "/v1/fulfillment/orders?limit=5", headers: json },
  onOrder("GET", "/v1/fulfillment/orders/{id}"),
  { method: "GET", path: "/v1/fulfillment/orders?status=new&status=inprocess&limit=5", headers: json },
  onOrder("GET", "/v1/fulfillment/orders/{id}"),
  onOrder("POST", "/v1/fulfillment/orders/{id}/transitions", { action: "process" }),
  onOrder("POST", "/v1/fulfillment/orders/{id}/transitions", { action: "dispatchDelivery" }),
  onOrder("PATCH", "/v1/fulfillment/orders/{id}", [{ op: "replace", path: "/externalId", value: "bench-{n}" }]),
  { method: "GET", path: "/v1/fulfillment/orders?limit=5000", headers: json },
  onOrder("POST", "/v1/fulfillment/orders/{id}/transitions", { action: "ship" }),
  onOrder("GET", "/v1/fulfilment/orders/{id}"),
];

async function send(url: string, amount: number): Promise<void> {
  // A short sample interval: autocannon notices it has sent `amount` only at the next sample.
  await autocannon({ url, connections: 8, amount, requests: MIX, timeout: 10, sampleInt: 100 });
}

async function setFaults(url: string, faults: object): Promise<void> {
  const response = await fetch(`${url}/_sandbox/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`PUT /_sandbox/faults: ${response.status}`);
}

/** `amount` requests: faults off for three quarters of them, on for the last quarter. */
async function phase(url: string, amount: number): Promise<void> {
  await send(url, Math.round((amount * 3) / 4));
  await setFaults(url, FAULTS);
  await send(url, Math.round(amount / 4));
  await setFaults(url, NO_FAULTS);
}

/** The request log's own count: a dropped connection is a request too, which autocannon does not count. */
async function logged(url: string): Promise<{ total: number; dropped: number; capacity: number }> {
  return (await (await fetch(`${url}/_sandbox/console/requests?limit=1`)).json()) as {
    total: number;
    dropped: number;
    capacity: number;
  };
}

const count = (n: number) => n.toLocaleString("en");
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function run(): Promise<void> {
  const server = startServer();
  const { url } = await server.next();
  if (!url) throw new Error("the sandbox did not start");
  const started = performance.now();
  console.log(
    `request log memory: ${count(TOTAL)} vendor-API requests against the heap after ${count(BASELINE)}` +
      `, ${ORDERS} orders${quick ? " (BENCH_QUICK; the full run is 100,000 against 10,000)" : ""}`,
  );
  const heaps: number[] = [];
  let log = await logged(url);
  for (const amount of [BASELINE, TOTAL / 2 - BASELINE, TOTAL / 2]) {
    await phase(url, amount);
    heaps.push(await server.heapUsed());
    log = await logged(url);
    console.log(`  after ${count(log.total).padStart(7)} requests: heap used ${MB(heaps.at(-1) ?? 0)}`);
  }
  server.stop();
  const [baseline = 1, , last = 0] = heaps;
  console.log(`  the log: the newest ${count(log.capacity)} kept, ${count(log.dropped)} dropped (and counted)`);
  console.log(
    `  heap after ${count(log.total)} / after ${count(BASELINE)}: ${(last / baseline).toFixed(2)}× (goal ≤ 1.2×); ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[2] === "--serve") await serve();
else await run();
