import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** The whole package bundled for a browser, minified, and gzipped. */
export async function bundledSize(): Promise<{ minified: number; gzip: number }> {
  const result = await build({
    entryPoints: [new URL("../src/index.ts", import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}
