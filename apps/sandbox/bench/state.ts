/**
 * The cost of `--state`: a sandbox that writes its state file (at most once a second while
 * requests come in) against one without, each in its own process, in the same run. Runs
 * alternate and each figure is the median over the rounds, so load from elsewhere hits both
 * sides. Every request changes the console's request log, so the state is saved each second.
 * BENCH_SECONDS sets each run's length (default 3).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startSandbox } from "../src/index";

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = 3;
const headers = { "X-API-KEY": "sandbox-key-provider-1" };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

if (process.argv[2] === "serve") {
  const statePath = process.argv[3];
  const sandbox = await startSandbox({ orders: 200, ...(statePath ? { statePath } : {}) });
  console.log(JSON.stringify({ url: sandbox.url }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === "cpu") {
      const { user, system } = process.cpuUsage();
      console.log(JSON.stringify({ cpu: user + system }));
    }
  }
  await sandbox.close();
  process.exit(0);
}

interface Server {
  url: string;
  /** The server process's CPU time so far, in µs. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

async function serve(statePath?: string): Promise<Server> {
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const script = fileURLToPath(import.meta.url);
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", tsx, script, "serve", ...(statePath ? [statePath] : [])],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(String((await lines.next()).value)) as { url?: string; cpu?: number };
  const { url = "" } = await next();
  return {
    url,
    async cpu() {
      child.stdin?.write("cpu\n");
      return (await next()).cpu ?? 0;
    },
    stop: async () => {
      child.stdin?.end();
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** Req/s and the server's CPU µs per request for one run. */
async function measure(server: Server, path: string): Promise<{ rps: number; cpuPerRequest: number }> {
  const before = await server.cpu();
  const result = await autocannon({ url: `${server.url}${path}`, headers, connections: 10, duration: seconds });
  const cpu = (await server.cpu()) - before;
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, cpuPerRequest: cpu / result.requests.total };
}

const dir = await mkdtemp(join(tmpdir(), "sandbox-state-bench-"));
const [off, on] = await Promise.all([serve(), serve(join(dir, "state.db"))]);
try {
  const rows = [];
  for (const [name, path] of [
    ["GET list (limit 20)", "/v1/fulfillment/orders?limit=20"],
    ["GET one", "/v1/fulfillment/orders/1"],
  ] as const) {
    const offRuns: { rps: number; cpuPerRequest: number }[] = [];
    const onRuns: { rps: number; cpuPerRequest: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which side goes first, so that neither always runs on a warmer machine.
      if (round % 2 === 0) {
        offRuns.push(await measure(off, path));
        onRuns.push(await measure(on, path));
      } else {
        onRuns.push(await measure(on, path));
        offRuns.push(await measure(off, path));
      }
    }
    const rpsOff = median(offRuns.map((run) => run.rps));
    const rpsOn = median(onRuns.map((run) => run.rps));
    const cpuOff = median(offRuns.map((run) => run.cpuPerRequest));
    const cpuOn = median(onRuns.map((run) => run.cpuPerRequest));
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
  await Promise.all([off.stop(), on.stop()]);
  await rm(dir, { recursive: true, force: true });
}
