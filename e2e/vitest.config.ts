import { defineConfig, mergeConfig } from "vitest/config";
import workspace from "../vitest.config";

export default mergeConfig(
  workspace,
  defineConfig({
    test: {
      // The release, browser and rehearsal proofs each start servers and child processes; one
      // file at a time, with room for a cold install or a browser start.
      fileParallelism: false,
      testTimeout: 180_000,
      hookTimeout: 240_000,
    },
  }),
);
