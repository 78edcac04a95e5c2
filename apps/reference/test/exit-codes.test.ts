import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { EXIT, EXIT_CODE_MEANINGS, exitCodesHelp } from "../src/exit-codes";

const README = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");

import { CLI } from "./helpers";

test("the README's exit code table is src/exit-codes.ts, row for row", () => {
  const block = /<!-- exit-codes:start -->\n([\s\S]*?)<!-- exit-codes:end -->/.exec(README)?.[1] ?? "";
  const rows = block
    .split("\n")
    .slice(2)
    .filter(Boolean)
    .map((line) => line.split("|").map((cell) => cell.trim()));
  expect(rows.map(([, code, meaning]) => [Number(code), meaning])).toEqual(EXIT_CODE_MEANINGS);
  expect(new Set(EXIT_CODE_MEANINGS.map(([code]) => code))).toEqual(new Set(Object.values(EXIT)));
});

test("fulfill --help lists the same exit codes", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, "--help"]);
  expect(stdout).toContain(exitCodesHelp());
  expect(exitCodesHelp()).toContain("143  stopped by SIGTERM");
});
