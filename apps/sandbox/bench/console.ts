/**
 * The cost of the console: a sandbox with the console on (the request log, the rehearsal coverage
 * and the per-order timelines recording; a console open, an SSE client reading every push)
 * against a sandbox with the console off, each side twice over ("open" and "open twin", "off" and
 * "off twin"). Each side runs in several fresh processes, one at a time in a random order (see
 * compareInFreshProcesses), and each figure is the median over the processes of both twins
 * together: a process's layout in memory and load from elsewhere on the machine then hit every
 * side alike, and twice the processes make a median that strays less (with five a side, GET list,
 * which the console barely touches, still came out at 0.87× in one run). The control, off twin
 * against off (each on its own), shows what the benchmark cannot tell apart. Two measures:
 * - throughput, req/s with autocannon on loopback, ratio open/off (goal ≥ 0.9×);
 * - the CPU time per request, ratio off/open: the same question asked of the sandbox alone,
 *   steadier than req/s when other work shares the machine.
 * BENCH_SECONDS sets each run's length (default 3), BENCH_ROUNDS the processes a twin (default 5;
 * 4 in quick mode, BENCH_QUICK=1, where the whole of `pnpm bench` must stay short).
 */
import { compareInFreshProcesses, type Load, medianRun, type Run } from "./sides";

const ROUNDS = process.env.BENCH_QUICK === "1" ? 4 : 5;

/** A console's live stream, read to the end like the page does. */
async function openConsole(url: string): Promise<{ pushes: () => number; close: () => void }> {
  const abort = new AbortController();
  const response = await fetch(`${url}/_sandbox/console/events`, { signal: abort.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let pushes = 0;
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        pushes += decoder.decode(value, { stream: true }).split("event: requests").length - 1;
      }
    } catch {
      // aborted at the end
    }
  })();
  return { pushes: () => pushes, close: () => abort.abort() };
}

// Each request naming an order lands in that order's timeline too (on the "on" side).
const LOADS: Load[] = [
  { name: "GET list (limit 20)", method: "GET", path: "/v1/fulfillment/orders?limit=20" },
  { name: "GET one", method: "GET", path: "/v1/fulfillment/orders/1" },
  { name: "PUT one", method: "PUT", path: "/v1/fulfillment/orders/2", body: JSON.stringify({ externalId: "bench" }) },
];

/** How many events the order's timeline has seen (kept and dropped): proof that it recorded. */
async function timelineEvents(url: string, orderId: number): Promise<number> {
  const timeline = (await (await fetch(`${url}/_sandbox/orders/${orderId}/timeline`)).json()) as {
    dropped: number;
    events: unknown[];
  };
  return timeline.dropped + timeline.events.length;
}

// Each side in fresh processes, one at a time: see compareInFreshProcesses.
const rounds = Number(process.env.BENCH_ROUNDS ?? ROUNDS);
const seen = { pushes: 0, one: 0, two: 0 };
const results = await compareInFreshProcesses(
  ["off:off", "open:on", "off-twin:off", "open-twin:on"],
  LOADS,
  rounds,
  async (name, server) => {
    if (!name.startsWith("open")) return () => {};
    const page = await openConsole(server.url);
    return async () => {
      seen.pushes += page.pushes();
      page.close();
      seen.one += await timelineEvents(server.url, 1);
      seen.two += await timelineEvents(server.url, 2);
    };
  },
);
const rows = [];
for (const load of LOADS) {
  const runs = results.get(load) as Record<"off" | "open" | "off-twin" | "open-twin", Run[]>;
  const [off, twin] = [medianRun(runs.off), medianRun(runs["off-twin"])];
  // Twins run the same code: together they make the steadier median.
  const baseline = medianRun([...runs.off, ...runs["off-twin"]]);
  const measured = medianRun([...runs.open, ...runs["open-twin"]]);
  rows.push({
    request: load.name,
    "off req/s": Math.round(baseline.rps),
    "open req/s": Math.round(measured.rps),
    "throughput ratio": `${(measured.rps / baseline.rps).toFixed(2)}×`,
    "off CPU µs/req": Math.round(baseline.cpuPerRequest),
    "open CPU µs/req": Math.round(measured.cpuPerRequest),
    "CPU ratio (off/open)": `${(baseline.cpuPerRequest / measured.cpuPerRequest).toFixed(2)}×`,
    "control: off twin/off req/s": `${(twin.rps / off.rps).toFixed(2)}×`,
  });
}
console.table(rows);
console.log(
  `${2 * rounds} processes a side (${rounds} a twin); console pushes received: ${seen.pushes}; timeline events seen: order 1 ${seen.one}, order 2 ${seen.two}`,
);
console.log("goal: throughput ratio (open/off) ≥ 0.9× for every request; the control shows the benchmark's own spread");
