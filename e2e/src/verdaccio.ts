import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { waitForHttp } from "@fulfillkit/testing";
import getPort from "get-port";

const VERDACCIO_BIN = createRequire(import.meta.url).resolve("verdaccio/bin/verdaccio");

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface RunningRegistry {
  url: string;
  /** A token of a user created on this registry, for publishing. */
  token: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A scratch npm registry on loopback: storage in `dir`, `@fulfillkit/*` published here and only
 * here (no uplink: never looked up on, never sent to the public registry), everything else read
 * through from the public registry.
 */
export async function startVerdaccio(dir: string): Promise<RunningRegistry> {
  mkdirSync(join(dir, "storage"), { recursive: true });
  const config = join(dir, "config.yaml");
  writeFileSync(
    config,
    [
      `storage: ${join(dir, "storage")}`,
      "auth:",
      "  htpasswd:",
      `    file: ${join(dir, "htpasswd")}`,
      "    max_users: 10",
      "uplinks:",
      "  npmjs:",
      "    url: https://registry.npmjs.org/",
      "packages:",
      '  "@fulfillkit/*":',
      "    access: $all",
      "    publish: $authenticated",
      '  "**":',
      "    access: $all",
      "    proxy: npmjs",
      "log: { type: stdout, format: pretty, level: warn }",
    ].join("\n"),
  );
  const port = await getPort({ host: "127.0.0.1" });
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [VERDACCIO_BIN, "--config", config, "--listen", `127.0.0.1:${port}`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    log += chunk;
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    log += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    running.delete(child);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    await waitForHttp(`${url}/-/ping`, 30_000, () => child.exitCode === null);
    const response = await fetch(`${url}/-/user/org.couchdb.user:e2e`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "e2e", password: "e2e-password-not-secret" }),
    });
    const { token } = (await response.json()) as { token?: string };
    if (!token) throw new Error(`verdaccio created no user: ${response.status}`);
    return { url, token, output: () => log, stop };
  } catch (error) {
    await stop();
    throw new Error(`verdaccio did not start: ${(error as Error).message}\n${log}`);
  }
}
