/** `fulfill coverage` (the built command, a child process) against real sandboxes and stand-ins that are not one. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSandbox, startSandbox } from "@fulfillkit/sandbox";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EXIT } from "../src/exit-codes";
import { fulfill, killRunningFulfills } from "./helpers";

const KEY = "sandbox-key-provider-1";

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
