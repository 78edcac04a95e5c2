import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import getPort from "get-port";

/** The vendored spec, the one every test runs against. */
export const SPEC_PATH = fileURLToPath(new URL("../../../openapi/equipme-customer-api.json", import.meta.url));

const PRISM_BIN = createRequire(import.meta.url).resolve("@stoplight/prism-cli/dist/index.js");

export interface PrismOptions {
  /** `mock` answers from the spec; `proxy` forwards to `upstream` and validates both ways. */
  mode?: "mock" | "proxy";
  /** Required in proxy mode: the server Prism forwards to. */
  upstream?: string;
  spec?: string;
  /** Proxy mode: turn every request or response violation into an error response. */
  errors?: boolean;
  /** Mock mode: generate random examples instead of static ones. */
  dynamic?: boolean;
  port?: number;
  startTimeoutMs?: number;
}

export interface RunningPrism {
  readonly url: string;
  readonly port: number;
  /** Everything Prism printed so far (its log names every validation violation). */
  output(): string;
  /**
   * Every line in which Prism reported a problem so far, warnings included: its `Violation:`
   * lines (an undeclared status is only a warning, even with `--errors`) and every
   * "Request terminated with error: …/prism/errors#CODE" line (with `--errors`, a response that
   * breaks the spec shows only as `#VIOLATIONS`, a request that breaks it as
   * `#UNPROCESSABLE_ENTITY`). Matched case-insensitively.
   */
  violations(): string[];
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Polls until something answers HTTP at `url` (any status), or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the process behind ${url} exited before it answered`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nothing answered at ${url} within ${timeoutMs} ms`);
}

export async function startPrism(options: PrismOptions = {}): Promise<RunningPrism> {
  const { mode = "mock", spec = SPEC_PATH, startTimeoutMs = 30_000 } = options;
  const port = options.port ?? (await getPort({ host: "127.0.0.1" }));
  const args = [PRISM_BIN, mode, spec];
  if (mode === "proxy") {
    if (!options.upstream) throw new Error("startPrism: proxy mode needs `upstream`");
    args.push(options.upstream);
    if (options.errors) args.push("--errors");
  }
  if (options.dynamic) args.push("--dynamic");
  args.push("--host", "127.0.0.1", "--port", String(port));

  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async (): Promise<void> => {
    running.delete(child);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(killer);
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    // Prism binds before it has loaded the spec; its "listening" line is the real signal. No
    // HTTP probe: Prism would log it (a route it does not know) among the violations.
    const deadline = Date.now() + startTimeoutMs;
    while (!log.includes("Prism is listening")) {
      if (child.exitCode !== null) throw new Error("Prism exited before it was listening");
      if (Date.now() > deadline) throw new Error(`Prism was not listening within ${startTimeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await acceptsConnections(port);
  } catch (error) {
    await stop();
    throw new Error(`Prism did not start: ${(error as Error).message}\n${log}`);
  }
  const violations = () => log.split("\n").filter((line) => /violation|prism\/errors#/i.test(line));
  return { url, port, output: () => log, violations, stop };
}

function acceptsConnections(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.end();
      resolve();
    });
    socket.once("error", reject);
  });
}
