import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname } from "node:path";

/** Where `pnpm build` (esbuild, see console/build.ts) writes the console's bundle. */
export const ASSETS_DIR = new URL("../../dist/console/", import.meta.url);

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
};

export interface Asset {
  type: string;
  body: Buffer;
}

/** The built files, read once; an empty map when the console was not built. */
export function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(ASSETS_DIR)) return assets;
  for (const name of readdirSync(ASSETS_DIR)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { type, body: readFileSync(new URL(name, ASSETS_DIR)) });
  }
  return assets;
}
