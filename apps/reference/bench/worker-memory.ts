/**
 * `fulfill run`'s peak memory and pace against the size of the backlog: 10k and 100k open orders
 * (BENCH_ORDERS sets the larger size, the smaller is a tenth of it).
 *
 * The sandbox runs in a process of its own, seeded so that the API key sees the wanted number of
 * open orders. The worker is the built command as its `bin` runs (`dist/cli.js run --json`, its
 * shebang's Node flags included), a child process:
 * its peak RSS is the kernel's high-water mark (VmHWM in /proc/<pid>/status), read until it exits.
 * It lists the whole backlog (that is where a worker that keeps every order grows), drives orders
 * for BENCH_SECONDS (20), and is then stopped with SIGTERM, as a service manager would: its summary
 * gives the transitions made while driving. Goal: peak RSS < 150 MB at 100k open orders, and flat
 * (the ratio 100k / 10k near 1). The figures are printed, not asserted.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FULFILLMENT_STATUSES } from "@fulfillkit/core";
import { sandboxControl } from "@fulfillkit/sandbox";
import { isTerminal } from "@fulfillkit/transitions";
import { EXIT } from "../src/exit-codes";
import type { RunSummary } from "../src/worker/summary";
import { startSandboxProcess } from "./sandbox-process";

const LARGEST = Number(process.env.BENCH_ORDERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SIZES = [Math.round(LARGEST / 10), LARGEST];
const GOAL_MB = 150;
const SEED = 9;
const PROVIDER = { id: 1, apiKey: "sandbox-key-provider-1" };
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

const { url, child: sandbox } = await startSandboxProcess();
const control = sandboxControl(url);

/** Seeds the sandbox so that the provider sees about `open` open orders; returns how many it sees. */
async function seedOpenOrders(open: number): Promise<number> {
  const openOf = async () => {
    const { byStatus } = await control.stats(PROVIDER.id);
    return FULFILLMENT_STATUSES.filter((status) => !isTerminal(status)).reduce((n, s) => n + (byStatus[s] ?? 0), 0);
  };
  // The seed's share of open orders of this provider, measured on a sample, then scaled to the target.
  const sample = Math.max(200, Math.round(open / 10));
  await control.reset({ seed: SEED, orders: sample });
  const share = (await openOf()) / sample;
  await control.reset({ seed: SEED, orders: Math.round(open / share) });
  return openOf();
}

/** The kernel's high-water mark of the process's resident memory, in bytes; undefined once it is gone. */
function peakRss(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

interface Measured {
  open: number;
  peakRssMb: number;
  listSeconds: number;
  transitionsPerSecond: number;
  transitions: number;
}

async function runTheWorker(open: number): Promise<Measured> {
  const started = performance.now();
  const worker: ChildProcess = spawn(CLI, ["run", "--json"], {
    env: { ...process.env, EQUIPME_BASE_URL: url, EQUIPME_API_KEY: PROVIDER.apiKey },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = worker.pid as number;
  let peak = 0;
  const poll = setInterval(() => {
    peak = Math.max(peak, peakRss(pid) ?? 0);
  }, 25);
  let stdout = "";
  let stderr = "";
  worker.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk;
  });
  let listedAt: number | undefined;
  let stopTimer: NodeJS.Timeout | undefined;
  worker.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk;
    if (listedAt === undefined && /\d+ open orders/.test(stderr)) {
      listedAt = performance.now();
      stopTimer = setTimeout(() => worker.kill("SIGTERM"), SECONDS * 1000);
    }
  });
  const code = await new Promise<number | null>((resolve) => worker.once("exit", (exitCode) => resolve(exitCode)));
  const stoppedAt = performance.now();
  clearInterval(poll);
  clearTimeout(stopTimer);
  // A small backlog may be done before BENCH_SECONDS: exit 0 instead of 143, both fine.
  if (code !== EXIT.terminated && code !== EXIT.ok) throw new Error(`the worker exited with ${code}: ${stderr}`);
  const summary = JSON.parse(stdout) as RunSummary;
  if (summary.orders !== open) throw new Error(`the worker listed ${summary.orders} open orders, expected ${open}`);
  if (peak === 0) throw new Error("no VmHWM read: this benchmark needs Linux's /proc");
  const driving = (stoppedAt - (listedAt ?? started)) / 1000;
  return {
    open,
    peakRssMb: peak / 2 ** 20,
    listSeconds: ((listedAt ?? stoppedAt) - started) / 1000,
    transitionsPerSecond: summary.transitions / driving,
    transitions: summary.transitions,
  };
}

try {
  const results: Measured[] = [];
  for (const size of SIZES) results.push(await runTheWorker(await seedOpenOrders(size)));
  const [small, large] = results as [Measured, Measured];
  console.log(
    `fulfill run (dist/cli.js) over a backlog of open orders: listed, then driven ${SECONDS} s and stopped with SIGTERM; Node ${process.version}`,
  );
  console.table(
    results.map((r) => ({
      "open orders": r.open,
      "peak RSS (MB)": r.peakRssMb.toFixed(1),
      "listing (s)": r.listSeconds.toFixed(1),
      transitions: r.transitions,
      "transitions/s": Math.round(r.transitionsPerSecond),
    })),
  );
  const ratio = large.peakRssMb / small.peakRssMb;
  console.log(
    `peak RSS ${large.open} / ${small.open} open orders: ${ratio.toFixed(2)} (flat is 1.00); ` +
      `transitions/s ${large.open} / ${small.open}: ${(large.transitionsPerSecond / small.transitionsPerSecond).toFixed(2)}`,
  );
  console.log(
    `goal: peak RSS < ${GOAL_MB} MB at ${large.open} open orders: ${large.peakRssMb.toFixed(1)} MB ${large.peakRssMb < GOAL_MB ? "✓" : "✗"}`,
  );
} finally {
  sandbox.kill();
}
