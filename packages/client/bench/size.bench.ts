import { bench, describe } from "vitest";
import { bundledSizes } from "../scripts/bundle-size";

// The goal; the test guards a 5 kB ceiling.
const GOAL_GZIP_BYTES = 4.5 * 1024;

describe("bundle size", () => {
  bench(
    "esbuild bundle + gzip",
    async () => {
      const { clientAndCore, withOpenapiFetch } = await bundledSizes();
      // vitest bench prints timings only; the sizes go to stderr so that they are shown.
      console.error(
        `@fulfillkit/client + core: ${clientAndCore.gzip} B min+gz (${(clientAndCore.gzip / GOAL_GZIP_BYTES).toFixed(2)}× the 4.5 kB goal); with openapi-fetch: ${withOpenapiFetch.gzip} B`,
      );
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
