/** The sandbox in a process of its own, as an API would be: the benchmarks measure only their side. */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** tsx's loader, by path (children may run in directories without node_modules). */
export const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const SANDBOX_CLI = fileURLToPath(import.meta.resolve("@fulfillkit/sandbox/cli"));

export async function startSandboxProcess(orders = 1): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", TSX, SANDBOX_CLI, "--port", "0", "--orders", String(orders)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child });
    });
    child.once("exit", (code) => reject(new Error(`the sandbox exited (${code}) before it listened: ${output}`)));
  });
}
