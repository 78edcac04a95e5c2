import { defineConfig, mergeConfig } from "vitest/config";
import workspace from "../vitest.config.ts";

export default mergeConfig(
  workspace,
  defineConfig({
    test: {
      // The release, browser and rehearsal proofs each start servers and child processes, each on
      // its own port and in its own temporary folder: two files at a time (the release proof spends
      // most of its time waiting on installs), with room for a cold install or a browser start.
      maxWorkers: 2,
      testTimeout: 180_000,
      hookTimeout: 240_000,
    },
  }),
);
