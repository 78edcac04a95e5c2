import { bundledSize } from "@fulfillkit/testing";
import { bench, describe } from "vitest";

const GOAL_GZIP_BYTES = 2150;

describe("bundle size", () => {
  bench(
    "esbuild bundle + gzip",
    async () => {
      const size = await bundledSize(new URL("../src/index.ts", import.meta.url).pathname);
      // vitest bench prints timings only; the figure that matters here is the size, on stderr so it is shown.
      console.error(
        `@fulfillkit/transitions: ${size.minified} B minified, ${size.gzip} B min+gz (${(size.gzip / GOAL_GZIP_BYTES).toFixed(2)}× the 2150 B limit: the 2 kB goal and core's date-time rule)`,
      );
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
