import { bundledSize } from "@fulfillkit/testing";
import { expect, test } from "vitest";

// The budget: the whole package (every export of src/index.ts, reasons and the provider's routine
// included) bundles to at most 2.5 kB min+gz. The figure is deterministic for a given esbuild, so a
// test guards it; `pnpm bench` prints it.
const BUDGET_GZIP_BYTES = 2560;

test("the whole package bundles to at most 2.5 kB min+gz", async () => {
  const { gzip } = await bundledSize(new URL("../src/index.ts", import.meta.url).pathname);
  expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
});
