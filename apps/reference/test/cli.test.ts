/** The real `fulfill` entry point, spawned as a child process against a sandbox started here. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FulfillmentOrder } from "@fulfillkit/core";
import { type RunningSandbox, startSandbox } from "@fulfillkit/sandbox";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EXIT } from "../src/exit-codes";
import { controlOf, killRunningFulfills, ordersOf, startFulfill, TRANSITION_ROUTE } from "./helpers";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const KEY = "sandbox-key-provider-1";

let sandbox: RunningSandbox;
let cwd: string; // a directory without a .env, unless a test writes one
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 21, orders: 60 });
  cwd = mkdtempSync(join(tmpdir(), "fulfill-cli-"));
});
afterAll(async () => {
  killRunningFulfills();
  await sandbox?.close();
  rmSync(cwd, { recursive: true, force: true });
});

interface StartOptions {
  env?: Record<string, string>;
  url?: string;
  dir?: string;
  command?: [string, ...string[]];
}

/** `fulfill` against this file's sandbox with provider 1's key, in a directory without a `.env`. */
function start(args: string[], options: StartOptions = {}) {
  return startFulfill(args, {
    cwd: options.dir ?? cwd,
    env: {
      EQUIPME_BASE_URL: options.url ?? sandbox.url,
      EQUIPME_API_KEY: KEY,
      FULFILL_RETRY_BASE_MS: "2",
      ...options.env,
    },
    ...(options.command ? { command: options.command } : {}),
  });
}

const fulfill = (args: string[], options?: StartOptions) => start(args, options).done;

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
    [["coverage"], "--require-complete"],
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
      outcome: "applied",
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
  test("missing configuration is named, with the ways to give it and the .env path looked for (exit 2)", async () => {
    const result = await fulfill(["orders", "list"], { env: { EQUIPME_API_KEY: "", EQUIPME_BASE_URL: "" } });
    expect(result.code).toBe(EXIT.usage);
    const dotEnv = `${join(cwd, ".env")} (there is none)`;
    expect(result.stderr).toContain(`EQUIPME_API_KEY is not set: export it, put it in ${dotEnv}, or pass --api-key`);
    expect(result.stderr).toContain(`EQUIPME_BASE_URL is not set: export it, put it in ${dotEnv}, or pass --base-url`);
  });

  test("a wrong key or an unknown order is explained (exit 1)", async () => {
    const wrongKey = await fulfill(["orders", "list"], { env: { EQUIPME_API_KEY: "not-a-key-of-this-api" } });
    expect(wrongKey.code).toBe(EXIT.failed);
    expect(wrongKey.stderr).toContain("check EQUIPME_API_KEY");
    expect(wrongKey.stdout + wrongKey.stderr).not.toContain("not-a-key-of-this-api");

    // The API answers 403 for an order that is not this key's, or does not exist.
    const missing = await fulfill(["orders", "show", "999999"]);
    expect(missing.code).toBe(EXIT.failed);
    expect(missing.stderr).toContain("/v1/fulfillment/orders/999999 failed with 403");
    expect(missing.stderr).toContain("not among this key's orders");
  });

  test.concurrent.each([
    [
      ["run", "--concurrency", "zero"],
      "fulfill: option '--concurrency <n>' argument 'zero' is invalid. expected a positive integer (add --help for usage)",
    ],
    [
      ["--timeout", "soon", "orders", "list"],
      "fulfill: option '--timeout <ms>' argument 'soon' is invalid. expected a positive integer (add --help for usage)",
    ],
    [
      ["orders", "show", "seven"],
      "fulfill: command-argument value 'seven' is invalid for argument 'id'. an order id is a positive integer (add --help for usage)",
    ],
    [["orders", "list", "--limit", "5000"], "fulfill: invalid input: query.limit must be an integer from 1 to 1000"],
    [
      ["orders", "list", "--status", "lost"],
      "fulfill: option '--status <status...>' argument 'lost' is invalid. Allowed choices are",
    ],
  ])("input error %j: one line, exit 2, no stack trace, nothing sent", async (args, line) => {
    const before = await controlOf(sandbox).requests();
    const { code, stdout, stderr } = await fulfill(args);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr.endsWith("\n")).toBe(true);
    expect(stderr.trimEnd().split("\n")).toEqual([expect.stringContaining(line)]);
    expect(stderr).not.toMatch(/\n\s+at /);
    // Nothing was sent (the other tests of this file that run at the same time only read).
    expect((await controlOf(sandbox).requests()).byRoute[TRANSITION_ROUTE]).toBe(before.byRoute[TRANSITION_ROUTE]);
  });

  test("--timeout and EQUIPME_TIMEOUT_MS bound each request attempt (an API that never answers)", async () => {
    const silent = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const url = `http://127.0.0.1:${port}`;
      const flag = await fulfill(["--timeout", "150", "orders", "show", "1"], { url });
      expect(flag.code).toBe(EXIT.failed);
      expect(flag.stderr).toContain(`GET ${url}/v1/fulfillment/orders/1 timed out after 150 ms`);
      const env = await fulfill(["orders", "show", "1"], { url, env: { EQUIPME_TIMEOUT_MS: "120" } });
      expect(env.code).toBe(EXIT.failed);
      expect(env.stderr).toContain("timed out after 120 ms");
      const config = await fulfill(["config", "--json"], { env: { EQUIPME_TIMEOUT_MS: "120" } });
      expect(JSON.parse(config.stdout).EQUIPME_TIMEOUT_MS).toEqual({ value: "120", from: "environment" });
      const malformed = await fulfill(["orders", "show", "1"], { url, env: { EQUIPME_TIMEOUT_MS: "2s" } });
      expect(malformed.code).toBe(EXIT.usage);
      expect(malformed.stderr.trim()).toBe(
        'fulfill: EQUIPME_TIMEOUT_MS must be a whole number of milliseconds such as 10000 (got "2s")',
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe("pnpm fulfill, from the repository root", () => {
  test("runs the built command in the user's directory: .env is read from there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fulfill-user-dir-"));
    try {
      writeFileSync(join(dir, ".env"), `EQUIPME_BASE_URL=${sandbox.url}\nEQUIPME_API_KEY=${KEY}\n`);
      const pnpm = ["pnpm", "--silent", "--dir", REPO_ROOT, "fulfill"] as [string, ...string[]];
      const env = { EQUIPME_BASE_URL: "", EQUIPME_API_KEY: "" };
      const config = await fulfill(["config", "--json"], { dir, env, command: pnpm });
      expect(config.code).toBe(0);
      expect(JSON.parse(config.stdout).EQUIPME_BASE_URL).toEqual({ value: sandbox.url, from: ".env" });

      const empty = mkdtempSync(join(tmpdir(), "fulfill-empty-dir-"));
      const missing = await fulfill(["orders", "list"], { dir: empty, env, command: pnpm });
      rmSync(empty, { recursive: true, force: true });
      expect(missing.code).toBe(EXIT.usage);
      expect(missing.stderr).toContain(`put it in ${join(empty, ".env")} (there is none)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("--force: the server is the authority", () => {
  /** A stand-in API whose flow differs from the local table: it answers `complete` on a new order with 204 or 409. */
  async function apiWithItsOwnTable(answer: 204 | 409) {
    let status: FulfillmentOrder["status"] = "new";
    const posts: unknown[] = [];
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk;
      });
      request.on("end", () => {
        if (request.method === "POST" && request.url === "/v1/fulfillment/orders/5/transitions") {
          posts.push(JSON.parse(body));
          if (answer === 204) status = "processed";
          response.writeHead(answer, { "content-type": "application/json" });
          return response.end(
            answer === 409 ? JSON.stringify({ errorCode: "conflict", errorDescription: "not from new" }) : undefined,
          );
        }
        if (request.method === "GET" && request.url === "/v1/fulfillment/orders/5") {
          response.writeHead(200, { "content-type": "application/json" });
          return response.end(JSON.stringify({ id: 5, status, transactionType: "order", isPreorder: false }));
        }
        response.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, posts, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  test("without --force the local refusal stands and nothing is sent", async () => {
    const api = await apiWithItsOwnTable(204);
    try {
      const refused = await fulfill(["orders", "transition", "5", "complete"], { url: api.url });
      expect(refused.code).toBe(EXIT.failed);
      expect(refused.stderr).toContain("nothing was sent (--force sends it anyway)");
      expect(api.posts).toEqual([]);
    } finally {
      await api.close();
    }
  });

  test("sent anyway with a warning naming the local refusal; the server accepts: its answer is reported", async () => {
    const api = await apiWithItsOwnTable(204);
    try {
      const forced = await fulfill(["orders", "transition", "5", "complete", "--force", "--json"], { url: api.url });
      expect(forced.code).toBe(0);
      expect(forced.stderr).toContain(
        "fulfill: warning: the local flow table refuses this (action-not-allowed-from-status): order 5 is new: complete is not possible from there",
      );
      expect(forced.stderr).toContain("sending it anyway (--force)");
      expect(api.posts).toEqual([{ action: "complete" }]);
      expect(JSON.parse(forced.stdout)).toEqual({
        orderId: 5,
        action: "complete",
        from: "new",
        to: "processed",
        outcome: "applied",
        reconciled: false,
        localRefusal: { code: "action-not-allowed-from-status", reason: expect.stringContaining("order 5 is new") },
      });
    } finally {
      await api.close();
    }
  });

  test("sent anyway; the server refuses too (409): its answer is reported, exit 1", async () => {
    const api = await apiWithItsOwnTable(409);
    try {
      const forced = await fulfill(["orders", "transition", "5", "complete", "--force"], { url: api.url });
      expect(forced.code).toBe(EXIT.failed);
      expect(forced.stderr).toContain("warning: the local flow table refuses this");
      expect(forced.stderr).toContain(
        `fulfill: the server refused it too: POST ${api.url}/v1/fulfillment/orders/5/transitions failed with 409: not from new`,
      );
      expect(api.posts).toEqual([{ action: "complete" }]);
    } finally {
      await api.close();
    }
  });
});

describe("signals", () => {
  test.each([
    ["SIGINT", EXIT.interrupted, "Ctrl-C"],
    ["SIGTERM", EXIT.terminated, "SIGTERM"],
  ] as const)(
    "the first %s lets the steps in flight finish, prints the summary so far and exits %i",
    async (signal, exitCode, named) => {
      const slow = await startSandbox({ seed: 22, orders: 200 });
      try {
        await controlOf(slow).setFaults({ latencyMs: 40 });
        const { child, done } = start(["run", "--concurrency", "2"], { url: slow.url });
        const deadline = Date.now() + 20_000;
        while ((await controlOf(slow).log()).length < 6 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        child.kill(signal);
        const { code, stdout, stderr } = await done;

        expect(code).toBe(exitCode);
        expect(stderr).toContain(`${signal}: stopping; the steps in flight finish`);
        expect(stdout).toContain(`interrupted (${named})`);
        const transitions = Number(/transitions made\s+│\s+(\d+) │/.exec(stdout)?.[1]);
        const notTaken = Number(/not taken, as they were \(interrupted\)\s+│\s+(\d+) │/.exec(stdout)?.[1]);
        expect(notTaken).toBeGreaterThan(0);
        expect(stdout).toMatch(/failures\s+│\s+0 │/);
        // Every step it sent was answered and counted before it exited: nothing was left in flight.
        expect(transitions).toBe((await controlOf(slow).log()).length);
      } finally {
        await slow.close();
      }
    },
  );
});
