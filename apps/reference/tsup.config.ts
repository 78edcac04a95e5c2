import { defineConfig } from "tsup";

/**
 * The `fulfill` command, built once to a single file, dist/cli.js, dependencies included: started
 * by plain `node`, nothing is compiled or resolved at run time (bench/cli-start.ts measures it).
 */
export default defineConfig({
  entry: { cli: "src/cli.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  clean: true,
  sourcemap: false,
  noExternal: [/.*/],
  // The bundled CommonJS dependencies (commander, dotenv, cli-table3) call `require` for Node's own modules.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
});
