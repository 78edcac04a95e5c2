/**
 * Two sandboxes, each in its own process (`bench/serve.ts`), measured in the same run: short
 * runs alternate between the sides and each figure is the median over the rounds, so that load
 * from elsewhere on the machine hits both alike. Two measures per side: req/s with autocannon on
 * loopback, and the sandbox process's CPU time per request (steadier when other work shares the
 * machine). BENCH_SECONDS sets each run's length (default 3).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const headers = { "X-API-KEY": "sandbox-key-provider-1", "content-type": "application/json" };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export interface Server {
  url: string;
  /** The server process's CPU time so far, in µs. */
  cpu(): Promise<number>;
  /** Ends the process once its sandbox has closed (a `--state` sandbox saves then). */
  stop(): Promise<void>;
}

export interface Load {
  name: string;
  method: "GET" | "PUT";
  path: string;
  body?: string;
}

/** A sandbox in its own process: `console` on or off, and a state file when given. */
export async function serve(consoleMode: "on" | "off", statePath?: string): Promise<Server> {
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const script = fileURLToPath(new URL("./serve.ts", import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", tsx, script, consoleMode, ...(statePath ? [statePath] : [])],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(String((await lines.next()).value)) as { url?: string; cpu?: number };
  const { url } = await next();
  if (!url) throw new Error(`the sandbox (console ${consoleMode}) did not start`);
  return {
    url,
    async cpu() {
      child.stdin?.write("cpu\n");
      return (await next()).cpu ?? 0;
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.stdin?.end();
      await exited;
    },
  };
}

interface Run {
  rps: number;
  cpuPerRequest: number;
}

/** Req/s and the server's CPU µs per request for one run. */
async function measure(server: Server, { method, path, body }: Load): Promise<Run> {
  const before = await server.cpu();
  const result = await autocannon({
    url: `${server.url}${path}`,
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    connections: 10,
    duration: seconds,
  });
  const cpu = (await server.cpu()) - before;
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${method} ${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, cpuPerRequest: cpu / result.requests.total };
}

/** Medians of `rounds` alternating runs of `load` against the baseline side and the measured one. */
export async function compare(
  baseline: Server,
  measured: Server,
  load: Load,
  rounds: number,
): Promise<{ baseline: Run; measured: Run }> {
  const baseRuns: Run[] = [];
  const measuredRuns: Run[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate which side goes first, so that neither always runs on a warmer machine.
    if (round % 2 === 0) {
      baseRuns.push(await measure(baseline, load));
      measuredRuns.push(await measure(measured, load));
    } else {
      measuredRuns.push(await measure(measured, load));
      baseRuns.push(await measure(baseline, load));
    }
  }
  const medians = (runs: Run[]): Run => ({
    rps: median(runs.map((run) => run.rps)),
    cpuPerRequest: median(runs.map((run) => run.cpuPerRequest)),
  });
  return { baseline: medians(baseRuns), measured: medians(measuredRuns) };
}
