import { defineConfig } from "tsup";

/** The build of every published package: ESM, CJS and declarations for both, from src/index.ts. */
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: false,
  target: "es2022",
});
