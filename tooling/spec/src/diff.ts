/**
 * `pnpm spec:diff <new-spec>`: the semver verdict of a spec change, without changing anything.
 *
 *   pnpm spec:diff <path-to-new-spec> [--root .] [--base openapi/equipme-customer-api.json]
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isMain } from "./is-main";
import { diffSpecs, type SpecDiff } from "./redocly";

export const VENDORED_SPEC = "openapi/equipme-customer-api.json";

export function formatDiff(diff: SpecDiff): string {
  if (diff.bump === "none") return "no changes: the new spec is the vendored one in substance";
  return [
    `verdict: ${diff.bump} (${diff.changes.length} change${diff.changes.length === 1 ? "" : "s"}, breaking first)`,
    ...diff.changes.map((c) => `- ${c.summary}`),
  ].join("\n");
}

/** True when this module is the script node was started with (not when a test imports it). */

if (isMain(import.meta.url)) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { root: { type: "string", default: "." }, base: { type: "string" } },
  });
  const [revision] = positionals;
  if (!revision || positionals.length > 1) {
    console.error("usage: pnpm spec:diff <path-to-new-spec> [--root .] [--base openapi/equipme-customer-api.json]");
    process.exit(2);
  }
  const base = resolve(values.root, values.base ?? VENDORED_SPEC);
  try {
    console.log(formatDiff(await diffSpecs(base, resolve(revision))));
  } catch (error) {
    console.error(`spec:diff: ${(error as Error).message}`);
    process.exit(1);
  }
}
