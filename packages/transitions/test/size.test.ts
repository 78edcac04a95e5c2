import { bundledSize } from "@fulfillkit/testing";
import { expect, test } from "vitest";

// The goal: the whole package (every export of src/index.ts, reasons included) bundles to
// at most 2 kB min+gz. The figure is deterministic for a given esbuild, so a test guards it;
// `pnpm bench` prints it. Plus 102 B (2150 B in all) for core's calendar-checked date-time rule,
// the one rule the client and the sandbox share: it adds ≈ 60 B over the old, looser check.
const GOAL_GZIP_BYTES = 2150;

test("the whole package bundles to at most 2150 B min+gz (the 2 kB goal and core's date-time rule)", async () => {
  const { gzip } = await bundledSize(new URL("../src/index.ts", import.meta.url).pathname);
  expect(gzip).toBeLessThanOrEqual(GOAL_GZIP_BYTES);
});
