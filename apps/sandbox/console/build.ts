/**
 * Bundles the console (vanilla TypeScript + Mermaid) into dist/console with esbuild, at build
 * time: the sandbox serves these files itself, nothing comes from a CDN. Mermaid's diagram code is
 * split into chunks loaded when the flow picture is drawn.
 */
import { rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = new URL("../dist/console/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [new URL("./main.ts", import.meta.url).pathname],
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  outdir,
  entryNames: "[name]",
  chunkNames: "chunk-[hash]",
  logLevel: "warning",
});
