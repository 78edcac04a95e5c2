/**
 * The cost of `--state`: a sandbox that writes its state file (at most once a second while
 * requests come in) against one without, both in one process, in the same run. Runs
 * alternate and each figure is the median over the rounds, so load from elsewhere hits both
 * sides. Every request changes the console's request log, so the state is saved each second.
 * BENCH_SECONDS sets each run's length (default 3).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compare, type Run, serve } from "./sides";

const ROUNDS = 3;

const dir = await mkdtemp(join(tmpdir(), "sandbox-state-bench-"));
const { servers, stop } = await serve(["off:on", `on:on:${join(dir, "state.db")}`]);
try {
  const rows = [];
  for (const [name, path] of [
    ["GET list (limit 20)", "/v1/fulfillment/orders?limit=20"],
    ["GET one", "/v1/fulfillment/orders/1"],
  ] as const) {
    const { off: baseline, on: measured } = (await compare(servers, { name, method: "GET", path }, ROUNDS)) as Record<
      "off" | "on",
      Run
    >;
    const [rpsOff, rpsOn] = [baseline.rps, measured.rps];
    const [cpuOff, cpuOn] = [baseline.cpuPerRequest, measured.cpuPerRequest];
    rows.push({
      request: name,
      "no state req/s": Math.round(rpsOff),
      "--state req/s": Math.round(rpsOn),
      "throughput ratio": `${(rpsOn / rpsOff).toFixed(2)}×`,
      "no state CPU µs/req": Math.round(cpuOff),
      "--state CPU µs/req": Math.round(cpuOn),
      "CPU ratio (off/on)": `${(cpuOff / cpuOn).toFixed(2)}×`,
    });
  }
  console.table(rows);
} finally {
  await stop();
  await rm(dir, { recursive: true, force: true });
}
