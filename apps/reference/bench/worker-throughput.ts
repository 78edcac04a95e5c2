/**
 * `fulfill run`'s request rate against the sandbox's capacity for the same requests, in one run.
 *
 * The sandbox runs in a process of its own, as an API would. For each profile:
 * 1. the worker runs once to warm up, with a middleware that records every request it sends;
 * 2. on a sandbox reset to the same seed, the worker runs again, measured, without recording;
 * 3. on a reset sandbox, autocannon replays the recorded requests (each order's steps in order, on
 *    as many connections as the worker's concurrency): the sandbox's capacity for exactly the
 *    worker's request mix;
 * 4. the same replay with bare `fetch`, without client, checks or policy: the ceiling of the HTTP
 *    stack the worker runs on (Node's fetch), which no fetch-based worker can beat.
 * Each of 2–4 is the best of BENCH_ROUNDS runs (3; 1 with BENCH_QUICK).
 *
 * Profiles: "loopback", where the sandbox answers at once and every side is bound by its own CPU;
 * "remote API", where each answer takes BENCH_LATENCY_MS (20) as a round trip to the real API
 * does, and the question is whether the worker keeps its connections busy.
 * BENCH_ORDERS (5000) orders are seeded for loopback, a fifth of them for the remote profile.
 * The figures are printed, not asserted.
 */
import type { FulfillmentClientOptions } from "@fulfillkit/client";
import { sandboxControl } from "@fulfillkit/sandbox";
import autocannon from "autocannon";
import { connect } from "../src/connect";
import { runWorker } from "../src/worker/runner";
import { startSandboxProcess } from "./sandbox-process";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (process.env.BENCH_QUICK ? 1 : 3));
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const CONCURRENCY = 8; // `fulfill run`'s default
const SEED = 3;
const API_KEY = "sandbox-key-provider-1";
const GOAL = 0.7;

const READ_HEADERS = { "x-api-key": API_KEY };
const JSON_HEADERS = { ...READ_HEADERS, "content-type": "application/json" };

interface RecordedRequest {
  method: string;
  path: string;
  body?: string;
}

const { url, child } = await startSandboxProcess();

const control = sandboxControl(url);

interface Profile {
  name: string;
  orders: number;
  latencyMs: number;
}

async function reset({ orders, latencyMs }: Profile): Promise<void> {
  await control.reset({ seed: SEED, orders });
  await control.setFaults({ latencyMs });
}

/** The worker, as `fulfill run` runs it; returns requests per second and every request it sent. */
async function runTheWorker(record: boolean): Promise<{ perSecond: number; requests: RecordedRequest[] }> {
  const requests: RecordedRequest[] = [];
  type Middleware = NonNullable<FulfillmentClientOptions["middleware"]>[number];
  const recorder: Middleware = {
    async onRequest({ request }) {
      const { pathname, search } = new URL(request.url);
      const body = request.body ? await request.clone().text() : undefined;
      requests.push({ method: request.method, path: pathname + search, ...(body ? { body } : {}) });
    },
  };
  const client = connect({ baseUrl: url, apiKey: API_KEY });
  if (record) client.raw.use(recorder);
  const started = performance.now();
  const summary = await runWorker({ client, concurrency: CONCURRENCY });
  const seconds = (performance.now() - started) / 1000;
  if (summary.failures.length > 0) throw new Error(`the worker failed: ${JSON.stringify(summary.failures[0])}`);
  return { perSecond: (await control.requests()).total / seconds, requests };
}

/**
 * The recorded requests split into lanes, as the worker's lanes take orders: each order's requests
 * (its re-read, then its steps) stay in order on one lane; the list pages (read before anything
 * moves) go first on the first lane.
 */
function lanesOf(requests: RecordedRequest[]): RecordedRequest[][] {
  const byOrder = new Map<string, RecordedRequest[]>();
  const listPages: RecordedRequest[] = [];
  for (const request of requests) {
    const orderId = /\/orders\/(\d+)/.exec(request.path)?.[1];
    if (orderId === undefined) {
      listPages.push(request);
      continue;
    }
    const chain = byOrder.get(orderId) ?? [];
    chain.push(request);
    byOrder.set(orderId, chain);
  }
  const lanes: RecordedRequest[][] = Array.from({ length: CONCURRENCY }, () => []);
  lanes[0]?.push(...listPages);
  for (const chain of byOrder.values()) {
    const shortest = lanes.reduce((a, b) => (b.length < a.length ? b : a));
    shortest.push(...chain);
  }
  return lanes;
}

/** autocannon, one connection per lane (a lane's steps depend on each other, so they share one). */
async function replayWithAutocannon(requests: RecordedRequest[]): Promise<number> {
  const started = performance.now();
  // autocannon ends on whole-second ticks; the replay ends with its last answer.
  let lastAnswer = started;
  const results = await Promise.all(
    lanesOf(requests).map((lane) => {
      let next = 0;
      return autocannon({
        url,
        connections: 1,
        amount: lane.length,
        headers: JSON_HEADERS,
        requests: [
          {
            setupRequest(request) {
              const step = lane[next++];
              // autocannon may build one request more than it sends; make it a harmless read.
              if (!step) return { ...request, method: "GET", path: "/v1/fulfillment/orders/1" };
              // A read goes without a body and without the JSON content type: the sandbox refuses a
              // GET that announces a JSON body it does not send.
              if (step.body === undefined)
                return { ...request, method: "GET", path: step.path, body: undefined, headers: READ_HEADERS };
              return {
                ...request,
                method: step.method as "POST",
                path: step.path,
                body: step.body,
                headers: JSON_HEADERS,
              };
            },
            onResponse() {
              lastAnswer = performance.now();
            },
          },
        ],
      });
    }),
  );
  const seconds = (lastAnswer - started) / 1000;
  const sent = results.reduce((total, result) => total + result.requests.total, 0);
  const refused = results.reduce((total, result) => total + result.errors + result.non2xx, 0);
  if (refused > 0) throw new Error(`the replay was refused ${refused} times: it no longer matches the sandbox`);
  return sent / seconds;
}

async function replayWithBareFetch(requests: RecordedRequest[]): Promise<number> {
  const headers = { "x-api-key": API_KEY, "content-type": "application/json" };
  const started = performance.now();
  await Promise.all(
    lanesOf(requests).map(async (lane) => {
      for (const { method, path, body } of lane) {
        const response = await fetch(url + path, { method, headers, body });
        if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
        await response.arrayBuffer();
      }
    }),
  );
  return requests.length / ((performance.now() - started) / 1000);
}

/** The best of ROUNDS runs, each on a freshly reset sandbox. */
async function best(profile: Profile, run: () => Promise<number>): Promise<number> {
  let top = 0;
  for (let round = 0; round < ROUNDS; round++) {
    await reset(profile);
    top = Math.max(top, await run());
  }
  return top;
}

async function measure(profile: Profile) {
  await reset(profile);
  const { requests } = await runTheWorker(true);
  const worker = await best(profile, async () => (await runTheWorker(false)).perSecond);
  const capacity = await best(profile, () => replayWithAutocannon(requests));
  const bareFetch = await best(profile, () => replayWithBareFetch(requests));
  const ratio = worker / capacity;
  return {
    profile: profile.name,
    requests: requests.length,
    "worker req/s": Math.round(worker),
    "capacity req/s (autocannon)": Math.round(capacity),
    "bare fetch req/s": Math.round(bareFetch),
    "worker / capacity": `${ratio.toFixed(2)} ${ratio >= GOAL ? "✓" : "✗"}`,
    "bare fetch / capacity": (bareFetch / capacity).toFixed(2),
    "worker / bare fetch": (worker / bareFetch).toFixed(2),
  };
}

try {
  const rows = [
    await measure({ name: "loopback", orders: ORDERS, latencyMs: 0 }),
    await measure({
      name: `remote API (${LATENCY_MS} ms)`,
      orders: Math.max(100, Math.round(ORDERS / 5)),
      latencyMs: LATENCY_MS,
    }),
  ];
  console.log(`fulfill run at concurrency ${CONCURRENCY} (its default), best of ${ROUNDS}, Node ${process.version}`);
  console.table(rows);
  console.log(
    `goal: worker ≥ ${GOAL} × the sandbox's capacity for the same requests. On loopback, bare fetch / capacity is\n` +
      "the most any worker on Node's fetch can reach: there the HTTP stack, not the worker, sets the pace.",
  );
} finally {
  child.kill();
}
