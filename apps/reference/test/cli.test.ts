/** The real `fulfill` entry point, spawned as a child process against a sandbox started here. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { FulfillmentOrder } from "@fulfillkit/core";
import { type RunningSandbox, startSandbox } from "@fulfillkit/sandbox";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { controlOf, ordersOf, TRANSITION_ROUTE } from "./helpers";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
/** tsx's loader, by path: the children run in directories without node_modules. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const KEY = "sandbox-key-provider-1";

let sandbox: RunningSandbox;
let cwd: string; // a directory without a .env, unless a test writes one
const children = new Set<ChildProcess>();
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 21, orders: 60 });
  cwd = mkdtempSync(join(tmpdir(), "fulfill-cli-"));
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await sandbox?.close();
  rmSync(cwd, { recursive: true, force: true });
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], options: { env?: Record<string, string>; url?: string; dir?: string } = {}) {
  const child = spawn(process.execPath, ["--import", TSX, CLI, ...args], {
    cwd: options.dir ?? cwd,
    env: {
      ...process.env,
      EQUIPME_BASE_URL: options.url ?? sandbox.url,
      EQUIPME_API_KEY: KEY,
      FULFILL_RETRY_BASE_MS: "2",
      ...options.env,
    },
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  const done = new Promise<Result>((resolve) => {
    child.once("close", (code) => {
      children.delete(child);
      // Whatever a command prints, it never prints the API key.
      expect(stdout + stderr).not.toContain(KEY);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done };
}

const fulfill = (args: string[], options?: Parameters<typeof start>[1]) => start(args, options).done;

/** A fresh order of provider 1 (the key's), made through the sandbox's control: no test depends on another's leftovers. */
const newOrder = (facts: { transactionType?: FulfillmentOrder["transactionType"]; isPreorder?: boolean } = {}) =>
  controlOf(sandbox).createOrder({ transactionType: "order", isPreorder: false, providerId: 1, ...facts });

describe("--help", () => {
  test.concurrent.each([
    [[], "orders"],
    [["orders"], "transition"],
    [["orders", "list"], "--status <status...>"],
    [["orders", "show"], "<id>"],
    [["orders", "transition"], "--activation-date <date>"],
    [["orders", "advance"], "--to <status>"],
    [["orders", "link"], "<externalId>"],
    [["run"], "--concurrency <n>"],
    [["config"], "where each setting came from"],
  ])("fulfill %j --help", async (command, mentions) => {
    const { code, stdout } = await fulfill([...command, "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: fulfill/);
    expect(stdout).toContain(mentions);
  });
});

describe("--json output parses", () => {
  test("orders list and orders show", async () => {
    const list = await fulfill(["orders", "list", "--status", "new", "inprocess", "--limit", "5", "--json"]);
    expect(list.code).toBe(0);
    const page = JSON.parse(list.stdout) as { items: FulfillmentOrder[]; total: number };
    expect(page.items).toHaveLength(5);
    expect(page.items.every((order) => ["new", "inprocess"].includes(order.status))).toBe(true);

    const order = await newOrder();
    const show = await fulfill(["orders", "show", String(order.id), "--json"]);
    expect(JSON.parse(show.stdout)).toEqual({
      order: expect.objectContaining({ id: order.id, status: "new" }),
      allowedActions: ["process", "cancel"],
      worker: { actions: ["process", "process", "dispatchDelivery", "confirmDelivery", "complete"], end: "processed" },
    });
  });

  test("orders transition, advance and link", async () => {
    const order = await newOrder();
    const transition = await fulfill(["orders", "transition", String(order.id), "process", "--json"]);
    expect(JSON.parse(transition.stdout)).toEqual({
      orderId: order.id,
      action: "process",
      from: "new",
      to: "inprocess",
      reconciled: false,
    });

    const advance = await fulfill(["orders", "advance", String(order.id), "--to", "delivered-outbound", "--json"]);
    expect(advance.code).toBe(0);
    expect(JSON.parse(advance.stdout)).toMatchObject({
      orderId: order.id,
      from: "inprocess",
      to: "delivered-outbound",
      steps: [
        { action: "dispatchDelivery", from: "inprocess", to: "in-delivery-outbound" },
        { action: "confirmDelivery", from: "in-delivery-outbound", to: "delivered-outbound" },
      ],
    });

    const link = await fulfill(["orders", "link", String(order.id), "ERP-4711", "--json"]);
    expect(JSON.parse(link.stdout)).toEqual({ orderId: order.id, externalId: "ERP-4711" });
    expect((await ordersOf(sandbox, KEY)).get(order.id)?.externalId).toBe("ERP-4711");
  });

  test("config shows where each setting came from, the key masked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fulfill-dotenv-"));
    try {
      writeFileSync(join(dir, ".env"), `EQUIPME_BASE_URL=${sandbox.url}\nEQUIPME_API_KEY=${KEY}\n`);
      const config = await fulfill(["config", "--json"], { dir, env: { EQUIPME_BASE_URL: "", EQUIPME_API_KEY: "" } });
      expect(JSON.parse(config.stdout)).toEqual({
        EQUIPME_BASE_URL: { value: sandbox.url, from: ".env" },
        EQUIPME_API_KEY: { value: "••••••••er-1", from: ".env" },
      });
      // …and the commands use it.
      const list = await fulfill(["orders", "list", "--json"], {
        dir,
        env: { EQUIPME_BASE_URL: "", EQUIPME_API_KEY: "" },
      });
      expect(JSON.parse(list.stdout).total).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("run: the summary parses, progress goes to stderr; a second run makes no transitions", async () => {
    // A sandbox of its own: the run moves every order, and the other tests need some still new.
    const own = await startSandbox({ seed: 23, orders: 60 });
    try {
      const first = await fulfill(["run", "--json"], { url: own.url });
      expect(first.code).toBe(0);
      const summary = JSON.parse(first.stdout);
      expect(summary).toMatchObject({ failures: [], interrupted: false });
      expect(summary.transitions).toBeGreaterThan(0);
      expect(summary.transitions).toBe((await controlOf(own).log()).length);
      expect(first.stderr).toContain(`${summary.orders}/${summary.orders} orders`);

      const second = await fulfill(["run"], { url: own.url });
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/transitions made\s+│\s+0 │/);
      expect(await controlOf(own).log()).toHaveLength(summary.transitions);
    } finally {
      await own.close();
    }
  });
});

describe("refused locally: nothing is sent", () => {
  test("a transition the flow does not allow prints the validator's reason; no transition request is made", async () => {
    const order = await newOrder();
    const before = await controlOf(sandbox).requests();
    const refused = await fulfill(["orders", "transition", String(order.id), "confirmDelivery"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `refused (action-not-allowed-from-status): order ${order.id} is new: confirmDelivery is not possible from there; allowed now: process, cancel; nothing was sent`,
    );
    const after = await controlOf(sandbox).requests();
    expect(after.byRoute[TRANSITION_ROUTE] ?? 0).toBe(before.byRoute[TRANSITION_ROUTE] ?? 0);
    expect(after.total).toBe(before.total + 1); // the one read the check needs
  });

  test("a malformed transition is refused before any request at all", async () => {
    const order = await newOrder();
    const before = await controlOf(sandbox).requests();
    const unknown = await fulfill(["orders", "transition", String(order.id), "ship"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('refused (unknown-action): action "ship" is unknown');
    const dated = await fulfill([
      "orders",
      "transition",
      String(order.id),
      "process",
      "--activation-date",
      "2026-12-01",
    ]);
    expect(dated.code).toBe(1);
    expect(dated.stderr).toContain("activationDate is allowed only with complete");
    expect((await controlOf(sandbox).requests()).total).toBe(before.total);
  });

  test("advance refuses a preorder the customer has not asked to ship, with the planner's reason", async () => {
    const preorder = await newOrder({ isPreorder: true });
    const before = await controlOf(sandbox).requests();
    const refused = await fulfill(["orders", "advance", String(preorder.id), "--to", "delivered-outbound"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("it ships only after the customer requests delivery");
    expect((await controlOf(sandbox).requests()).byRoute[TRANSITION_ROUTE]).toBe(before.byRoute[TRANSITION_ROUTE]);
  });
});

describe("configuration and API errors", () => {
  test("missing configuration is named, with the ways to give it (exit 2)", async () => {
    const result = await fulfill(["orders", "list"], { env: { EQUIPME_API_KEY: "", EQUIPME_BASE_URL: "" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("EQUIPME_API_KEY is not set: export it, put it in .env, or pass --api-key");
    expect(result.stderr).toContain("EQUIPME_BASE_URL is not set: export it, put it in .env, or pass --base-url");
  });

  test("a wrong key or an unknown order is explained (exit 1); bad flags are usage errors (exit 2)", async () => {
    const wrongKey = await fulfill(["orders", "list"], { env: { EQUIPME_API_KEY: "not-a-key-of-this-api" } });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain("check EQUIPME_API_KEY");
    expect(wrongKey.stdout + wrongKey.stderr).not.toContain("not-a-key-of-this-api");

    const missing = await fulfill(["orders", "show", "999999"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("404");

    const badFlag = await fulfill(["run", "--concurrency", "zero"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("expected a positive integer");
  });
});

describe("Ctrl-C", () => {
  test("the first SIGINT lets the steps in flight finish, prints the summary so far and exits 130", async () => {
    const slow = await startSandbox({ seed: 22, orders: 200 });
    try {
      await controlOf(slow).setFaults({ latencyMs: 40 });
      const { child, done } = start(["run", "--json", "--concurrency", "2"], { url: slow.url });
      const deadline = Date.now() + 20_000;
      while ((await controlOf(slow).log()).length < 6 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill("SIGINT");
      const { code, stdout, stderr } = await done;

      expect(code).toBe(130);
      expect(stderr).toContain("stopping: the steps in flight finish");
      const summary = JSON.parse(stdout);
      expect(summary.interrupted).toBe(true);
      expect(summary.done).toBeLessThan(summary.orders);
      expect(summary.failures).toEqual([]);
      // Every step it sent was answered and counted before it exited: nothing was left in flight.
      expect(summary.transitions).toBe((await controlOf(slow).log()).length);
    } finally {
      await slow.close();
    }
  });
});
