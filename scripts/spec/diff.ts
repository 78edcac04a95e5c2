/** `pnpm spec:diff <new-spec>`: the semver verdict of a spec change, without changing anything. */
import { parseArgs } from "node:util";
import { diffSpecs, type SpecDiff } from "./redocly";

export const VENDORED_SPEC = "openapi/equipme-customer-api.json";

export function formatDiff(diff: SpecDiff): string {
  if (diff.bump === "none") return "no changes: the spec is identical in substance";
  return [
    `verdict: ${diff.bump} (${diff.changes.length} change${diff.changes.length === 1 ? "" : "s"})`,
    ...diff.changes.map((c) => `- ${c.summary}`),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { base: { type: "string", default: VENDORED_SPEC } },
  });
  const [revision] = positionals;
  if (!revision) {
    console.error("usage: pnpm spec:diff <path-to-new-spec> [--base openapi/equipme-customer-api.json]");
    process.exit(2);
  }
  console.log(formatDiff(await diffSpecs(values.base, revision)));
}
