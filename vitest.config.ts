import { defineConfig } from "vitest/config";

// The one vitest configuration of the workspace. turbo runs each package's tests on their own (so
// each is cached by its own inputs) as `vitest run --config ../../vitest.config.ts` from the
// package's folder, which is then the root of the run. Only a package whose tests need something
// else keeps a config of its own, merged over this one (e2e/vitest.config.ts).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // Many tests start real servers (Prism, the sandbox, loopback fault servers, child processes):
    // on a loaded 2-core CI machine one start can take several seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CI's closing line is summed from these reports (.ci/run), not scraped from the console.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest/report.json" },
  },
});
