import { bundledSize } from "@fulfillkit/testing";
import { bench, describe } from "vitest";

const BUDGET_GZIP_BYTES = 2560;

describe("bundle size", () => {
  bench(
    "esbuild bundle + gzip",
    async () => {
      const size = await bundledSize(new URL("../src/index.ts", import.meta.url).pathname);
      // vitest bench prints timings only; the figure that matters here is the size, on stderr so it is shown.
      console.error(
        `@fulfillkit/transitions: ${size.minified} B minified, ${size.gzip} B min+gz (${(size.gzip / BUDGET_GZIP_BYTES).toFixed(2)}× the 2.5 kB budget)`,
      );
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
