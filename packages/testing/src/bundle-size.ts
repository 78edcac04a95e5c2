import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export interface BundleSize {
  minified: number;
  gzip: number;
}

/** `entry` and everything it imports (but `external`) bundled for a browser, minified, then gzipped. */
export async function bundledSize(entry: string, external: string[] = []): Promise<BundleSize> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    external,
    write: false,
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}
