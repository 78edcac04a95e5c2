import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";

// The size budgets are size-limit's (`.size-limit.js` at the root, run by `pnpm size` in lint and
// test). These tests prove the check can fail, and that the README states the budgets it enforces.
const run = promisify(execFile);
const root = new URL("../../../", import.meta.url).pathname;
const sizeLimit = join(root, "node_modules/.bin/size-limit");

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "size-limit-"));
  file = join(dir, "module.js");
  // Incompressible enough that min+gz stays well above 200 B.
  const words = Array.from({ length: 200 }, (_, i) => `w${(i * 7919).toString(36)}`);
  await writeFile(file, `export const words = ${JSON.stringify(words)};\n`);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

type Result = { name: string; passed: boolean; size: number; sizeLimit: number };
async function measure(limit: string): Promise<{ code: number; results: Result[] }> {
  try {
    const { stdout } = await run(sizeLimit, ["--json", "--limit", limit, file], { cwd: root });
    return { code: 0, results: JSON.parse(stdout) };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, results: JSON.parse(failure.stdout) };
  }
}

test("a file over its budget fails the check (exit 1, passed: false)", async () => {
  const { code, results } = await measure("200 B");
  expect(code).toBe(1);
  expect(results[0]?.passed).toBe(false);
  expect(results[0]?.size).toBeGreaterThan(200);
});

test("the same file under a generous budget passes", async () => {
  const { code, results } = await measure("50 kB");
  expect(code).toBe(0);
  expect(results[0]?.passed).toBe(true);
});

test("the README states every budget .size-limit.js enforces", async () => {
  const config: { default: { name: string; limit: string }[] } = await import(join(root, ".size-limit.js"));
  const budgets = config.default;
  const readme = await readFile(join(root, "README.md"), "utf8");
  expect(budgets.length).toBeGreaterThanOrEqual(3);
  for (const { name, limit } of budgets) expect(readme).toContain(`| ${name} | ${limit} |`);
});
