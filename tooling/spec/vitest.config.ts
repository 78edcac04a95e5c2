import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // These tests start real servers (Prism, the sandbox, child processes); on a loaded 2-core CI
    // machine a start can take several seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
