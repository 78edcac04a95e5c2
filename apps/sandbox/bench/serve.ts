/**
 * A sandbox in its own process for bench/console.ts: prints `{ url }`, then answers each line
 * `cpu` on stdin with its process's CPU time in µs, so the benchmark can charge the sandbox alone.
 */
import { createInterface } from "node:readline";
import { startSandbox } from "../src/index";

const sandbox = await startSandbox({ orders: 200, console: process.argv[2] === "on" });
console.log(JSON.stringify({ url: sandbox.url }));
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "cpu") {
    const { user, system } = process.cpuUsage();
    console.log(JSON.stringify({ cpu: user + system }));
  }
}
await sandbox.close();
