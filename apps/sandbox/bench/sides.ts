/**
 * Sandboxes measured in the same run (`bench/serve.ts` runs them): either several in one process,
 * taking turns (`compare`), or each side in a fresh process of its own, all alive at once and
 * taking turns (`alternateInFreshProcesses`). Short runs, sides measured close together in time,
 * and each figure a median, so that load from elsewhere on the machine hits every side alike. Two
 * measures per side: req/s with autocannon on loopback, and the process's CPU time per request
 * while only that side is loaded (steadier when other work shares the machine). BENCH_SECONDS sets
 * the length of `compare`'s runs (default 3); `alternateInFreshProcesses` is given its own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const headers = { "X-API-KEY": "sandbox-key-provider-1", "content-type": "application/json" };
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

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
 * one process of their own. The process gets an environment variable of a random length: where
 * its stack and heap land shifts with the size of its environment, and that alone can change a
 * process's speed by a quarter; a fresh layout for each process makes it noise that medians
 * over several processes absorb, not a bias that sticks to one side.
 */
export async function serve(sides: string[]): Promise<Sides> {
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const script = fileURLToPath(new URL("./serve.ts", import.meta.url));
  const layout = "x".repeat(Math.floor(Math.random() * 4096));
  const child: ChildProcess = spawn(process.execPath, ["--import", tsx, script, ...sides], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, BENCH_LAYOUT: layout },
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

/** The median req/s and the median CPU per request of a side's runs. */
const medianRun = (runs: Run[]): Run => ({
  rps: median(runs.map((run) => run.rps)),
  cpuPerRequest: median(runs.map((run) => run.cpuPerRequest)),
});

/** Req/s and the server's CPU µs per request for one run (`duration` seconds, BENCH_SECONDS by default). */
async function measure(server: Server, { method, path, body }: Load, duration = seconds): Promise<Run> {
  const before = await server.cpu();
  const result = await autocannon({
    url: `${server.url}${path}`,
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    connections: 10,
    duration,
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
  return Object.fromEntries([...runs].map(([name, of]) => [name, medianRun(of)]));
}

/** One turn of a load: every side's run, one after the other, in a random order. */
export type Turn = Record<string, Run>;

/**
 * Sides measured in turns, close together in time: each round starts a fresh process for every
 * side (`name:console`), all alive at once but only one loaded at a time. In each process every
 * load is warmed up first (at least two seconds: a PUT's first second ran at half the speed of
 * its next one while V8 was still compiling). Then, per load, `turns` turns: in each, every side
 * runs the load for `sampleSeconds`, in a new random order. A figure compares sides within a turn, a
 * few seconds apart: on this kind of machine one second's speed strays by a quarter from the next
 * (the same process, the same load), so sides measured minutes apart, as one process after
 * another, compared the machine's moments more than the sides. Fresh processes each round,
 * because a process's speed also depends on its layout in memory (see `serve`). `prepare` runs
 * once a side's sandbox is up (the console opens a live stream there) and returns its cleanup.
 * Returns every turn, per load.
 */
export async function alternateInFreshProcesses(
  sides: string[],
  loads: Load[],
  rounds: number,
  turns: number,
  prepare: (name: string, server: Server) => Promise<() => Promise<void> | void>,
  sampleSeconds = 1,
): Promise<Map<Load, Turn[]>> {
  const nameOf = (side: string) => side.split(":")[0] ?? side;
  const measured = new Map<Load, Turn[]>(loads.map((load) => [load, []]));
  for (let round = 0; round < rounds; round++) {
    const started: { name: string; server: Server; stop: () => Promise<void> }[] = [];
    const cleanups: (() => Promise<void> | void)[] = [];
    try {
      for (const side of shuffled(sides)) {
        const name = nameOf(side);
        const { servers, stop } = await serve([side]);
        const server = servers[name] as Server;
        started.push({ name, server, stop });
        cleanups.push(await prepare(name, server));
      }
      for (const load of loads) {
        for (const { server } of started) await measure(server, load, Math.max(2, sampleSeconds));
        for (let turn = 0; turn < turns; turn++) {
          const runs: Turn = {};
          for (const { name, server } of shuffled(started)) runs[name] = await measure(server, load, sampleSeconds);
          measured.get(load)?.push(runs);
        }
      }
    } finally {
      for (const cleanup of cleanups) await cleanup();
      for (const { stop } of started) await stop();
    }
  }
  return measured;
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
