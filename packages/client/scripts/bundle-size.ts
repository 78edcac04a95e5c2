import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export interface BundleSize {
  minified: number;
  gzip: number;
}

async function measure(external: string[]): Promise<BundleSize> {
  const result = await build({
    entryPoints: [new URL("../src/index.ts", import.meta.url).pathname],
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

/** Client + core (the goal's measure), and everything including openapi-fetch, bundled for a browser. */
export async function bundledSizes(): Promise<{ clientAndCore: BundleSize; withOpenapiFetch: BundleSize }> {
  return { clientAndCore: await measure(["openapi-fetch"]), withOpenapiFetch: await measure([]) };
}
