/**
 * Sandboxes measured in the same run, all in one process (`bench/serve.ts`, which says why):
 * short runs alternate between the sides and each figure is the median over the rounds, so that
 * load from elsewhere on the machine hits every side alike. Two measures per side: req/s with
 * autocannon on loopback, and the process's CPU time per request while only that side is loaded
 * (steadier when other work shares the machine). BENCH_SECONDS sets each run's length (default 3).
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
  /** The process's CPU time so far, in µs: while only this side is loaded, the growth is its own. */
  cpu(): Promise<number>;
}

export interface Load {
  name: string;
  method: "GET" | "PUT";
  path: string;
  body?: string;
}

export interface Sides {
  servers: Record<string, Server>;
  /** Ends the process once its sandboxes have closed (a `--state` sandbox saves then). */
  stop(): Promise<void>;
}

/**
 * The sandboxes named by `sides` (`name[:console on|off][:state file]`, see bench/serve.ts), in
 * one process of their own.
 */
export async function serve(sides: string[]): Promise<Sides> {
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const script = fileURLToPath(new URL("./serve.ts", import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ["--import", tsx, script, ...sides], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const next = async () =>
    JSON.parse(String((await lines.next()).value)) as { urls?: Record<string, string>; cpu?: number };
  const { urls } = await next();
  if (!urls) throw new Error(`the sandboxes (${sides.join(", ")}) did not start`);
  let asking = Promise.resolve(0);
  const cpu = () => {
    // One question at a time: the answers come back in order on one stream.
    asking = asking.then(async () => {
      child.stdin?.write("cpu\n");
      return (await next()).cpu ?? 0;
    });
    return asking;
  };
  const servers = Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, { url, cpu }]));
  return {
    servers,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.stdin?.end();
      await exited;
    },
  };
}

export interface Run {
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

/**
 * Medians of `rounds` runs of `load` against every side, in turn: forward in even rounds,
 * backward in odd ones, so that no side always runs on a warmer machine.
 */
export async function compare(
  servers: Record<string, Server>,
  load: Load,
  rounds: number,
): Promise<Record<string, Run>> {
  const names = Object.keys(servers);
  const runs = new Map<string, Run[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      runs.get(name)?.push(await measure(servers[name] as Server, load));
    }
  }
  const medians = (of: Run[]): Run => ({
    rps: median(of.map((run) => run.rps)),
    cpuPerRequest: median(of.map((run) => run.cpuPerRequest)),
  });
  return Object.fromEntries([...runs].map(([name, of]) => [name, medians(of)]));
}
