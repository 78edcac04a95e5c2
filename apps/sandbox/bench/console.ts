/**
 * The cost of the rehearsal coverage and the per-order timelines, and of the whole console. Five
 * sandboxes, each in a fresh process of its own:
 * - "open" and "open twin": the console on (the request log, the coverage and the timelines
 *   recording) and open (an SSE client reading every push);
 * - "log" and "log twin": the console on and open, its request log alone
 *   (`coverageAndTimelines: false`);
 * - "off": no console at all.
 * They take turns (see alternateInFreshProcesses): in each turn every side runs the load for one
 * second, in a random order, so that the sides compared were measured seconds apart, not
 * minutes. Each figure is the median over the turns of one turn's ratio:
 * - the goal, coverage and timelines on against off: open against log and open twin against log
 *   twin, pooled (throughput ≥ 0.9×);
 * - the whole console against none: open and open twin against off;
 * - the control, log twin against log: what the benchmark cannot tell apart.
 * Throughput is req/s with autocannon on loopback; the CPU time per request asks the same of the
 * sandbox alone, steadier when other work shares the machine.
 * BENCH_ROUNDS sets the rounds of fresh processes (default 3; 2 in quick mode, BENCH_QUICK=1,
 * where the whole of `pnpm bench` must stay short), BENCH_TURNS the turns per load and round
 * (default 10; 5 in quick mode). Each turn's runs last one second whatever BENCH_SECONDS says:
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
const turns = Number(process.env.BENCH_TURNS ?? (QUICK ? 5 : 10));
const seen = { pushes: 0, one: 0, two: 0 };
const results = await alternateInFreshProcesses(
  ["off:off", "log:log", "log-twin:log", "open:on", "open-twin:on"],
  LOADS,
  rounds,
  turns,
  async (name, server) => {
    if (name === "off") return () => {};
    const page = await openConsole(server.url);
    return async () => {
      page.close();
      if (!name.startsWith("open")) return;
      seen.pushes += page.pushes();
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
// Twins run the same code: each open side is compared with the log-only side of its own pair.
const RECORDERS_PAIRS: [string, string][] = [
  ["open", "log"],
  ["open-twin", "log-twin"],
];
const CONSOLE_PAIRS: [string, string][] = [
  ["open", "off"],
  ["open-twin", "off"],
];
const LOG_ONLY = ["log", "log-twin"];
const OPEN = ["open", "open-twin"];
const rows = [];
for (const load of LOADS) {
  const measured = results.get(load) ?? [];
  rows.push({
    request: load.name,
    "log only req/s": Math.round(medianOf(measured, LOG_ONLY, rps)),
    "open req/s": Math.round(medianOf(measured, OPEN, rps)),
    "coverage+timelines: throughput ratio": times(medianRatio(measured, RECORDERS_PAIRS, rps)),
    "CPU ratio (log only/open)": times(1 / medianRatio(measured, RECORDERS_PAIRS, cpu)),
    "whole console (open/off)": times(medianRatio(measured, CONSOLE_PAIRS, rps)),
    "control: log twin/log": times(medianRatio(measured, [["log-twin", "log"]], rps)),
  });
}
console.table(rows);
console.log(
  `${rounds} rounds of fresh processes, ${turns} turns a load and round: ${2 * rounds * turns} ratios a figure (${rounds * turns} for the control); console pushes received: ${seen.pushes}; timeline events seen: order 1 ${seen.one}, order 2 ${seen.two}`,
);
console.log(
  "goal: coverage+timelines throughput ratio (open/log only) ≥ 0.9× for every request; the control shows the benchmark's own spread",
);
