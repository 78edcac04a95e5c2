import { bundledSize } from "@fulfillkit/testing";
import { expect, test } from "vitest";

// The goal: the whole package (every export of src/index.ts, reasons included) bundles to
// at most 2 kB min+gz. The figure is deterministic for a given esbuild, so a test guards it;
// `pnpm bench` prints it.
const GOAL_GZIP_BYTES = 2048;

test("the whole package bundles to at most 2 kB min+gz", async () => {
  const { gzip } = await bundledSize(new URL("../src/index.ts", import.meta.url).pathname);
  expect(gzip).toBeLessThanOrEqual(GOAL_GZIP_BYTES);
});
