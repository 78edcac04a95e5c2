/**
 * The sandboxes of one benchmark, in this process (`serve.ts off`, or `serve.ts off:on
 * on:on:/tmp/s.db`: each argument `name[:console on|off|log][:state file]`, the console taken from
 * the name when not given; `log` is the console with its request log alone, no coverage and no
 * timelines). Prints `{ urls: { name: url } }`, then answers each line `cpu` on stdin
 * with the process's CPU time in µs. The benchmark loads one sandbox at a time, so the CPU time of
 * a run is that sandbox's. bench/console.ts starts one sandbox a process, one process a side and
 * round, all alive at once (see alternateInFreshProcesses in bench/sides.ts); bench/state.ts puts
 * its two sides, both with the console on, in one.
 */
import { createInterface } from "node:readline";
import { type RunningSandbox, startSandbox } from "../src/index";

const sandboxes: RunningSandbox[] = [];
const urls: Record<string, string> = {};
for (const side of process.argv.slice(2)) {
  const [name = side, mode = name.startsWith("on") ? "on" : "off", statePath] = side.split(":");
  const sandbox = await startSandbox({
    orders: 200,
    console: mode !== "off",
    coverageAndTimelines: mode !== "log",
    ...(statePath ? { statePath } : {}),
  });
  sandboxes.push(sandbox);
  urls[name] = sandbox.url;
}
console.log(JSON.stringify({ urls }));
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "cpu") {
    const { user, system } = process.cpuUsage();
    console.log(JSON.stringify({ cpu: user + system }));
  }
}
await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
// A `--state` sandbox's save timer and file handles must not hold the process after its close.
process.exit(0);
