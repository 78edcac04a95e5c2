/**
 * A sandbox in its own process for bench/sides.ts (`serve.ts on|off [state file]`): prints `{ url }`, then answers each line
 * `cpu` on stdin with its process's CPU time in µs, so the benchmark can charge the sandbox alone.
 */
import { createInterface } from "node:readline";
import { startSandbox } from "../src/index";

const [, , consoleMode, statePath] = process.argv;
const sandbox = await startSandbox({ orders: 200, console: consoleMode === "on", ...(statePath ? { statePath } : {}) });
console.log(JSON.stringify({ url: sandbox.url }));
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "cpu") {
    const { user, system } = process.cpuUsage();
    console.log(JSON.stringify({ cpu: user + system }));
  }
}
await sandbox.close();
// A `--state` sandbox's save timer and file handles must not hold the process after its close.
process.exit(0);
