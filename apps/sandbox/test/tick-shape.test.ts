import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "tick-shape-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** V8's state for each key `process.nextTick`'s queue-entry literal defines, after the probe's load. */
async function tickLiteralStates(mode: "bare" | "bare-pinned" | "sandbox"): Promise<string[]> {
  const probe = fileURLToPath(new URL("./tick-shape-probe.ts", import.meta.url));
  const tsx = createRequire(import.meta.url).resolve("tsx");
  // Into a file, not a pipe: V8 prints %DebugPrint with C's stdio, which loses what a full
  // non-blocking pipe refuses.
  const outPath = join(dir, `${mode}.txt`);
  const child = spawn(process.execPath, ["--allow-natives-syntax", "--expose-gc", "--import", tsx, probe, mode], {
    stdio: ["ignore", openSync(outPath, "w"), "inherit"],
  });
  const code = await new Promise((resolve) => child.once("exit", resolve));
  const out = readFileSync(outPath, "utf8");
  expect(code, out.slice(-2000)).toBe(0);
  const states = [...out.matchAll(/slot #\d+ DefineKeyedOwnPropertyInLiteral (\w+)/g)].map((match) => match[1] ?? "");
  // Node 20 builds each tick entry as a literal of four keys, Node 24 of five (the async context
  // frame), the first ones computed; a Node that stops doing so needs this test rethought.
  expect(
    states.length,
    `no DefineKeyedOwnPropertyInLiteral feedback for nextTick in:\n${out.slice(0, 3000)}`,
  ).toBeGreaterThanOrEqual(4);
  return states;
}

describe("nextTick stays on V8's fast path after idle garbage collections (src/tick-shape.ts)", () => {
  test("negative control: a plain node:http server's nextTick goes megamorphic", async () => {
    expect(await tickLiteralStates("bare")).toContain("MEGAMORPHIC");
  });

  test("the same server, one tick entry pinned: every key stays monomorphic", async () => {
    const states = await tickLiteralStates("bare-pinned");
    expect(states).toEqual(states.map(() => "MONOMORPHIC"));
  });

  test("the sandbox, console on, pins it itself", async () => {
    const states = await tickLiteralStates("sandbox");
    expect(states).toEqual(states.map(() => "MONOMORPHIC"));
  });
});
