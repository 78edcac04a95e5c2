/**
 * The sandbox README's "A complete rehearsal in your own CI", run as written: its blocks are
 * extracted from the README at test time (so the two cannot drift apart) and run by bash at the
 * repository's root, with the built `fulfill` and a real sandbox.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { type RunningSandbox, startSandbox } from "@fulfillkit/sandbox";
import { transform } from "esbuild";
import { afterAll, describe, expect, test } from "vitest";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const README = fileURLToPath(new URL("../../apps/sandbox/README.md", import.meta.url));
const KEY = "sandbox-key-provider-1";
const FAULT_KINDS = ["429", "503", "504-after-apply", "drop", "slow-apply", "timeout"];

function section(): string {
  const markdown = readFileSync(README, "utf8");
  const start = markdown.indexOf("## A complete rehearsal in your own CI");
  if (start < 0) throw new Error(`no "A complete rehearsal in your own CI" section in ${README}`);
  const end = markdown.indexOf("\n## ", start + 3);
  return markdown.slice(start, end < 0 ? undefined : end);
}
const blocks = (language: string) =>
  [...section().matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] ?? "");
const [startBlock = "", rehearsalBlock = ""] = blocks("sh");
const [vitestBlock = ""] = blocks("ts");
/** The one line of the rehearsal that sets the faults. */
const FAULTS_LINE = /^.*-X PUT.*\/_sandbox\/faults.*\n/m;

const running = new Set<ChildProcess>();
const sandboxes: RunningSandbox[] = [];
afterAll(async () => {
  // The script's own trap stops its sandbox; a test that failed half-way must not leave one.
  for (const child of running) if (child.pid) process.kill(-child.pid, "SIGKILL");
  await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
});

/** `bash -c script` at the repository's root, in a process group of its own; exit code and output. */
function bash(script: string, env: Record<string, string>) {
  const child = spawn("bash", ["-c", script], {
    cwd: REPO_ROOT,
    detached: true,
    env: { ...process.env, FULFILL_SANDBOX_URL: "", FULFILL_SANDBOX_TOKEN: "", ...env },
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.once("close", (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The README's vitest block, with this sandbox's URL and key in its `process.env`. */
async function vitestCheck(sandbox: RunningSandbox): Promise<void> {
  const { code } = await transform(vitestBlock, { loader: "ts" });
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>;
  const env = { EQUIPME_BASE_URL: sandbox.url, EQUIPME_API_KEY: KEY };
  await new AsyncFunction("expect", "process", code)(expect, { env });
}

/** A sandbox in this process, seeded as the README's start block seeds its own. */
async function sandboxForTheRehearsal(): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ port: 0, seed: 1, orders: 30 });
  sandboxes.push(sandbox);
  return sandbox;
}

describe("the sandbox README's complete rehearsal", () => {
  test("the README has the blocks: start, rehearsal with one faults line, the vitest check", () => {
    expect(startBlock).toContain("apps/sandbox/src/cli.ts");
    expect(rehearsalBlock.match(new RegExp(FAULTS_LINE, "gm"))).toHaveLength(1);
    expect(rehearsalBlock).toContain("fulfill coverage --require-complete");
    expect(vitestBlock).toContain("/_sandbox/coverage");
  });

  test("as written (the sandbox started, the rehearsal run): exit 0, the coverage complete", async () => {
    const port = String(await freePort());
    const { code, stdout, stderr } = await bash(`${startBlock}\n${rehearsalBlock}`, { SANDBOX_PORT: port });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`rehearsal coverage of provider 1 (http://127.0.0.1:${port}/_sandbox/coverage)`);
    expect(stdout).toContain("transitions made: 16 of 16");
    expect(stdout).toContain(`fault kinds met: 6 of 6 (${FAULT_KINDS.join(", ")})`);
    expect(stdout).toContain("complete: every row made, every fault kind met");
    expect(stdout + stderr).not.toContain("MISSING");
  });

  test("without the faults line: --require-complete exits 3 naming every fault kind and no row; the vitest check fails naming them", async () => {
    const sandbox = await sandboxForTheRehearsal();
    const withoutFaults = rehearsalBlock.replace(FAULTS_LINE, "");
    const { code, stdout, stderr } = await bash(withoutFaults, { EQUIPME_BASE_URL: sandbox.url, EQUIPME_API_KEY: KEY });
    expect(code, stderr).toBe(3);
    expect(stdout).toContain("transitions made: 16 of 16");
    const missing = stderr.slice(stderr.indexOf("fulfill: the rehearsal is not complete; missing:"));
    expect(missing.trimEnd().split("\n")).toEqual([
      "fulfill: the rehearsal is not complete; missing:",
      ...FAULT_KINDS.map((kind) => `  fault ${kind}`),
    ]);
    await expect(vitestCheck(sandbox)).rejects.toThrow(
      `not yet rehearsed: ${FAULT_KINDS.map((kind) => `fault ${kind}`).join("; ")}: expected false to be true`,
    );
  });

  test("the vitest check passes after the rehearsal, against the same sandbox", async () => {
    const sandbox = await sandboxForTheRehearsal();
    await expect(vitestCheck(sandbox)).rejects.toThrow(
      /^not yet rehearsed: transition new --process--> inprocess; .*; fault timeout: expected false to be true/,
    );
    const { code, stderr } = await bash(rehearsalBlock, { EQUIPME_BASE_URL: sandbox.url, EQUIPME_API_KEY: KEY });
    expect(code, stderr).toBe(0);
    await vitestCheck(sandbox);
  });
});
