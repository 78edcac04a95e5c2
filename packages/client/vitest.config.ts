import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Some tests start Prism or loopback servers; a loaded CI machine needs more than 5 s.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
