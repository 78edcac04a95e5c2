/**
 * The cost of the console: a sandbox with the console on (the request log, the rehearsal coverage
 * and the per-order timelines recording; a console open, an SSE client reading every push)
 * against a sandbox with the console off, each side twice over ("open" and "open twin", "off" and
 * "off twin"), each in a fresh process of its own. The four take turns (see
 * alternateInFreshProcesses): in each turn every side runs the load for one second, in a random
 * order, so that the sides compared were measured seconds apart, not minutes. Each figure is the
 * median over the turns of one turn's ratio (open against off, and open twin against off twin,
 * pooled); the control, off twin against off in the same turns, shows what the benchmark cannot
 * tell apart. Two measures:
 * - throughput, req/s with autocannon on loopback, ratio open/off (goal ≥ 0.9×);
 * - the CPU time per request, ratio off/open: the same question asked of the sandbox alone,
 *   steadier than req/s when other work shares the machine.
 * BENCH_ROUNDS sets the rounds of fresh processes (default 3; 2 in quick mode, BENCH_QUICK=1,
 * where the whole of `pnpm bench` must stay short), BENCH_TURNS the turns per load and round
 * (default 10; 6 in quick mode). Each turn's runs last one second whatever BENCH_SECONDS says:
 * more short turns make a steadier median than fewer long ones.
 */
import { alternateInFreshProcesses, type Load, median, type Run, type Turn } from "./sides";

const QUICK = process.env.BENCH_QUICK === "1";

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

const rounds = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 3));
const turns = Number(process.env.BENCH_TURNS ?? (QUICK ? 6 : 10));
const seen = { pushes: 0, one: 0, two: 0 };
const results = await alternateInFreshProcesses(
  ["off:off", "open:on", "off-twin:off", "open-twin:on"],
  LOADS,
  rounds,
  turns,
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

/** A side's run in a turn. */
function runIn(turn: Turn, side: string): Run {
  const run = turn[side];
  if (!run) throw new Error(`no run of ${side} in a turn`);
  return run;
}

/** The median over the turns of `of(side) / of(baseline)`, both measured in the same turn. */
function medianRatio(turns: Turn[], pairs: [side: string, baseline: string][], of: (run: Run) => number): number {
  return median(
    turns.flatMap((turn) => pairs.map(([side, baseline]) => of(runIn(turn, side)) / of(runIn(turn, baseline)))),
  );
}

/** The median of `of(run)` over every turn of these sides. */
function medianOf(turns: Turn[], sides: string[], of: (run: Run) => number): number {
  return median(turns.flatMap((turn) => sides.map((side) => of(runIn(turn, side)))));
}

const times = (ratio: number) => `${ratio.toFixed(2)}×`;
const rps = (run: Run) => run.rps;
const cpu = (run: Run) => run.cpuPerRequest;
// Twins run the same code: each open side is compared with the off side of its own pair.
const CONSOLE_PAIRS: [string, string][] = [
  ["open", "off"],
  ["open-twin", "off-twin"],
];
const OFF = ["off", "off-twin"];
const OPEN = ["open", "open-twin"];
const rows = [];
for (const load of LOADS) {
  const measured = results.get(load) ?? [];
  rows.push({
    request: load.name,
    "off req/s": Math.round(medianOf(measured, OFF, rps)),
    "open req/s": Math.round(medianOf(measured, OPEN, rps)),
    "throughput ratio": times(medianRatio(measured, CONSOLE_PAIRS, rps)),
    "off CPU µs/req": Math.round(medianOf(measured, OFF, cpu)),
    "open CPU µs/req": Math.round(medianOf(measured, OPEN, cpu)),
    "CPU ratio (off/open)": times(1 / medianRatio(measured, CONSOLE_PAIRS, cpu)),
    "control: off twin/off req/s": times(medianRatio(measured, [["off-twin", "off"]], rps)),
  });
}
console.table(rows);
console.log(
  `${rounds} rounds of fresh processes, ${turns} turns a load and round: ${2 * rounds * turns} ratios a figure (${rounds * turns} for the control); console pushes received: ${seen.pushes}; timeline events seen: order 1 ${seen.one}, order 2 ${seen.two}`,
);
console.log("goal: throughput ratio (open/off) ≥ 0.9× for every request; the control shows the benchmark's own spread");
