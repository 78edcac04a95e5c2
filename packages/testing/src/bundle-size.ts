import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type OutputFile } from "esbuild";

export interface BundleSize {
  minified: number;
  gzip: number;
}

const measure = (files: OutputFile[]): BundleSize => {
  const code = Buffer.concat(files.map((file) => file.contents));
  return { minified: code.byteLength, gzip: files.length === 0 ? 0 : gzipSync(code, { level: 9 }).byteLength };
};

/**
 * `entry` and everything it imports (but `external`) bundled for a browser, minified, then
 * gzipped: what a page loads up front. Code behind a dynamic `import()` is split off, as a
 * bundler does, and measured apart as `lazy` (loaded only when that code runs).
 */
export async function bundledSize(entry: string, external: string[] = []): Promise<BundleSize & { lazy: BundleSize }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    splitting: true,
    outdir: "/bundle",
    metafile: true,
    external,
    write: false,
  });
  const outputs: Metafile["outputs"] = result.metafile.outputs;
  const entryOutput = Object.keys(outputs).find((path) => outputs[path]?.entryPoint !== undefined);
  // The entry chunk and the chunks it imports statically.
  const upFront = new Set<string>();
  const visit = (path: string | undefined) => {
    if (path === undefined || upFront.has(path)) return;
    upFront.add(path);
    for (const imported of outputs[path]?.imports ?? []) if (imported.kind === "import-statement") visit(imported.path);
  };
  visit(entryOutput);
  // Metafile paths are relative to the working directory; output files' paths are absolute.
  const upFrontFiles = new Set([...upFront].map((path) => resolve(path)));
  const isUpFront = (file: OutputFile) => upFrontFiles.has(file.path);
  return {
    ...measure(result.outputFiles.filter(isUpFront)),
    lazy: measure(result.outputFiles.filter((file) => !isUpFront(file))),
  };
}
