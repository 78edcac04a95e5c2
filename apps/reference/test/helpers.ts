import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FulfillmentClient } from "@fulfillkit/client";
import type { FulfillmentOrder } from "@fulfillkit/core";
import { type RunningSandbox, sandboxControl } from "@fulfillkit/sandbox";
import { expect } from "vitest";
import { connect } from "../src/connect";

/** The app's own client, with a short backoff for the sandbox's fault injection. */
export function clientOf(sandbox: RunningSandbox, apiKey: string): FulfillmentClient {
  return connect({ baseUrl: sandbox.url, apiKey }, { retryBaseMs: 2 });
}

/** The orders one API key sees, by id. */
export async function ordersOf(sandbox: RunningSandbox, apiKey: string): Promise<Map<number, FulfillmentOrder>> {
  const orders = new Map<number, FulfillmentOrder>();
  for await (const order of clientOf(sandbox, apiKey).orders.listAll({}, { pageSize: 1000 })) {
    orders.set(order.id, order);
  }
  return orders;
}

/** Every order of every provider. */
export async function allOrders(sandbox: RunningSandbox): Promise<Map<number, FulfillmentOrder>> {
  const all = await Promise.all(sandbox.providers.map(({ apiKey }) => ordersOf(sandbox, apiKey)));
  return new Map(all.flatMap((orders) => [...orders]));
}

/** The sandbox's own controls (seed, faults, log, request counts). */
export const controlOf = (sandbox: RunningSandbox) => sandboxControl(sandbox.url);

export const TRANSITION_ROUTE = "POST /v1/fulfillment/orders/:orderId/transitions";

/** The built command (`pnpm build`), as `bin` and `pnpm fulfill` run it. */
export const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

export interface FulfillResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface FulfillOptions {
  /** Added to the test process's environment; an empty string unsets a setting for `fulfill`. */
  env?: Record<string, string>;
  /** The working directory (where `.env` is looked for). */
  cwd?: string;
  /** The command line to run instead of `node dist/cli.js` (`pnpm fulfill`, say). */
  command?: [string, ...string[]];
}

const running = new Set<ChildProcess>();

/**
 * `fulfill …` as a child process: the child (for signals) and its outcome. Whatever a command
 * prints, it never prints the API key it was given: checked on every run.
 */
export function startFulfill(args: string[], options: FulfillOptions = {}) {
  const [file, ...prefix] = options.command ?? [process.execPath, CLI];
  const env = { ...process.env, ...options.env };
  const child = spawn(file, [...prefix, ...args], { cwd: options.cwd ?? process.cwd(), env });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  const done = new Promise<FulfillResult>((resolve) => {
    child.once("close", (code) => {
      running.delete(child);
      if (env.EQUIPME_API_KEY) expect(stdout + stderr).not.toContain(env.EQUIPME_API_KEY);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done };
}

/** `fulfill …` to its end. */
export const fulfill = (args: string[], options?: FulfillOptions) => startFulfill(args, options).done;

/** Ends every `fulfill` still running (for afterAll: a failed test must not leave one behind). */
export function killRunningFulfills(): void {
  for (const child of running) child.kill("SIGKILL");
}
