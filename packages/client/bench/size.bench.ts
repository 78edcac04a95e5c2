import { bench, describe } from "vitest";
import { bundledSizes } from "../scripts/bundle-size";

const GOAL_GZIP_BYTES = 4.5 * 1024;

describe("bundle size", () => {
  bench(
    "esbuild bundle + gzip",
    async () => {
      const { clientAndCore, withOpenapiFetch } = await bundledSizes();
      // vitest bench prints timings only; the sizes go to stderr so that they are shown.
      console.error(
        `@fulfillkit/client + core: ${clientAndCore.gzip} B min+gz (${(clientAndCore.gzip / GOAL_GZIP_BYTES).toFixed(2)}× the 4.5 kB limit); with openapi-fetch: ${withOpenapiFetch.gzip} B; response validation, loaded only when enabled: ${clientAndCore.lazy.gzip} B`,
      );
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
