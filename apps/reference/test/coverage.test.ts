/** `fulfill coverage` (the built command, a child process) against real sandboxes and stand-ins that are not one. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSandbox, startSandbox } from "@fulfillkit/sandbox";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CoverageReport } from "../src/coverage";
import { EXIT } from "../src/exit-codes";
import { controlOf, fulfill, killRunningFulfills } from "./helpers";

const KEY = "sandbox-key-provider-1";
const OTHER_KEY = "sandbox-key-provider-2";
const FAULT_KINDS = ["429", "503", "504-after-apply", "drop", "slow-apply", "timeout"];

let sandbox: RunningSandbox;
let cwd: string; // without a .env
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 31, orders: 20 });
  cwd = mkdtempSync(join(tmpdir(), "fulfill-coverage-"));
});
afterAll(async () => {
  killRunningFulfills();
  await sandbox?.close();
  rmSync(cwd, { recursive: true, force: true });
});

/** `fulfill coverage …` with provider 1's key and `url` as the base URL. */
const coverage = (args: string[], url: string, env: Record<string, string> = {}) =>
  fulfill(["coverage", ...args], {
    cwd,
    env: { EQUIPME_BASE_URL: url, EQUIPME_API_KEY: KEY, FULFILL_SANDBOX_URL: "", FULFILL_SANDBOX_TOKEN: "", ...env },
  });

/** A stand-in at some URL that answers every request with `status` and `body`. */
async function serverAnswering(status: number, body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(status, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** One line on stderr, nothing on stdout, exit 1. */
function expectOneLineFailure(result: { code: number | null; stdout: string; stderr: string }): string {
  expect(result.code).toBe(EXIT.failed);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0] ?? "";
}

describe("a base URL that is not a sandbox: one line naming the URL and the fix, exit 1", () => {
  test.each([
    ["404, as the real API answers a path it does not have", 404, '{"errorCode":"not-found"}', "answered 404"],
    ["200 with something else (an API's list, a proxy's page)", 200, '{"items":[],"total":0}', "not with a coverage"],
    ["200 that is not JSON", 200, "<html>hello</html>", "not with a coverage"],
  ])("%s", async (_name, status, body, what) => {
    const api = await serverAnswering(status, body);
    try {
      const line = expectOneLineFailure(await coverage([], `${api.url}/`));
      expect(line).toContain(`fulfill: ${api.url}/ is not a fulfillkit sandbox (GET ${api.url}/_sandbox/coverage`);
      expect(line).toContain(what);
      expect(line).toContain("pass --sandbox-url or set FULFILL_SANDBOX_URL to the sandbox's address");
    } finally {
      await api.close();
    }
  });

  test("nothing listening: the URL asked and how to start the sandbox", async () => {
    const api = await serverAnswering(404, "");
    await api.close(); // a port that was free a moment ago
    const line = expectOneLineFailure(await coverage([], api.url));
    expect(line).toContain(`fulfill: GET ${api.url}/_sandbox/coverage failed (`);
    expect(line).toContain(`is the sandbox running at ${api.url}? (start it with \`pnpm sandbox\``);
  });

  test("a sandbox URL that is not a URL is a configuration error (exit 2), nothing sent", async () => {
    const result = await coverage([], sandbox.url, { FULFILL_SANDBOX_URL: "localhost:4020" });
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr.trim()).toBe(
      'fulfill: FULFILL_SANDBOX_URL must be an http(s) URL such as http://127.0.0.1:4020 (got "localhost:4020")',
    );
  });

  test("--require-complete and --json are flags: a stray value is a usage error (exit 2)", async () => {
    const result = await coverage(["--require-complete", "yes"], sandbox.url);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr.trim()).toBe(
      "fulfill: too many arguments for 'coverage'. Expected 0 arguments but got 1. (add --help for usage)",
    );
  });
});

describe("against a sandbox: the coverage of the key's tenant", () => {
  test("--json is the sandbox's report; a transition made shows as made, for this tenant only", async () => {
    const own = await startSandbox({ seed: 32, orders: 5 });
    try {
      const fresh = await coverage(["--json"], own.url);
      expect(fresh.code).toBe(EXIT.ok);
      const before = JSON.parse(fresh.stdout) as CoverageReport;
      expect(before).toMatchObject({ providerId: 1, made: 0, total: 16, complete: false, faults: [] });
      expect(before.faultKinds).toEqual(FAULT_KINDS);
      expect(before.missing).toContain("transition new --process--> inprocess");

      const order = await controlOf(own).createOrder({ status: "new", providerId: 1 });
      const moved = await fulfill(["orders", "transition", String(order.id), "process"], {
        cwd,
        env: { EQUIPME_BASE_URL: own.url, EQUIPME_API_KEY: KEY },
      });
      expect(moved.code).toBe(EXIT.ok);

      const after = JSON.parse((await coverage(["--json"], own.url)).stdout) as CoverageReport;
      expect(after.made).toBe(1);
      expect(after.transitions.find((row) => row.from === "new" && row.action === "process")?.made).toBe(true);
      expect(after.missing).not.toContain("transition new --process--> inprocess");
      const other = JSON.parse((await coverage(["--json"], own.url, { EQUIPME_API_KEY: OTHER_KEY })).stdout);
      expect(other).toMatchObject({ providerId: 2, made: 0 });

      const table = await coverage([], own.url);
      expect(table.code).toBe(EXIT.ok);
      expect(table.stdout).toContain(`rehearsal coverage of provider 1 (${own.url}/_sandbox/coverage)`);
      expect(table.stdout).toContain("transitions made: 1 of 16");
      expect(table.stdout).toMatch(/^new\s+process\s+inprocess\s+yes\s*$/m);
      expect(table.stdout).toMatch(/^new\s+cancel\s+cancelled\s+MISSING\s*$/m);
      expect(table.stdout).toContain(`fault kinds met: 0 of 6; not yet: ${FAULT_KINDS.join(", ")}`);
      expect(table.stdout).toContain("not complete: 21 missing");
    } finally {
      await own.close();
    }
  });

  test("--require-complete: exit 3 listing what is missing, on stderr; the report still on stdout", async () => {
    const result = await coverage(["--require-complete", "--json"], sandbox.url);
    expect(result.code).toBe(EXIT.incomplete);
    const report = JSON.parse(result.stdout) as CoverageReport;
    expect(report.missing.length).toBeGreaterThan(0);
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "fulfill: the rehearsal is not complete; missing:",
      ...report.missing.map((item) => `  ${item}`),
    ]);
    expect(result.stderr).toContain("  fault timeout");
  });

  test("the sandbox elsewhere than the base URL: --sandbox-url, FULFILL_SANDBOX_URL", async () => {
    const dead = await serverAnswering(404, "");
    await dead.close();
    const flag = await coverage(["--json", "--sandbox-url", `${sandbox.url}/`], dead.url);
    expect(flag.code).toBe(EXIT.ok);
    expect(JSON.parse(flag.stdout).providerId).toBe(1);
    const env = await coverage(["--json"], dead.url, { FULFILL_SANDBOX_URL: sandbox.url });
    expect(env.code).toBe(EXIT.ok);
  });

  test("a key the sandbox does not know: one line naming the fix, the key never printed", async () => {
    const result = await coverage([], sandbox.url, { EQUIPME_API_KEY: "not-a-sandbox-key" });
    const line = expectOneLineFailure(result);
    expect(line).toContain(`fulfill: GET ${sandbox.url}/_sandbox/coverage answered 400 (`);
    expect(line).toContain("the sandbox knows no tenant of this API key; check EQUIPME_API_KEY");
  });

  test("a sandbox beyond loopback wants its token: --sandbox-token or FULFILL_SANDBOX_TOKEN", async () => {
    const guarded = await startSandbox({ host: "0.0.0.0", seed: 33, orders: 5, token: "a-sandbox-token-for-tests" });
    const url = `http://127.0.0.1:${guarded.port}`;
    try {
      const without = expectOneLineFailure(await coverage([], url));
      expect(without).toContain(`GET ${url}/_sandbox/coverage answered 401: the sandbox wants its token`);
      expect(without).toContain("pass --sandbox-token or set FULFILL_SANDBOX_TOKEN");
      const flag = await coverage(["--json", "--sandbox-token", "a-sandbox-token-for-tests"], url);
      expect(JSON.parse(flag.stdout).providerId).toBe(1);
      const env = await coverage(["--json"], url, { FULFILL_SANDBOX_TOKEN: "a-sandbox-token-for-tests" });
      expect(env.code).toBe(EXIT.ok);
      const config = await fulfill(["config", "--json"], {
        cwd,
        env: { EQUIPME_BASE_URL: url, EQUIPME_API_KEY: KEY, FULFILL_SANDBOX_TOKEN: "a-sandbox-token-for-tests" },
      });
      expect(JSON.parse(config.stdout).FULFILL_SANDBOX_TOKEN).toEqual({ value: "••••••••ests", from: "environment" });
    } finally {
      await guarded.close();
    }
  });
});
