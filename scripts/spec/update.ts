/**
 * `pnpm spec:update <new-spec>`: validates the new spec, rates the change with `redocly diff`,
 * replaces the vendored spec, regenerates @fulfillkit/core, writes a changeset for core with the
 * bump and one line per change (breaking first), then type-checks the whole workspace so that
 * code that no longer fits the spec fails loudly.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatDiff, VENDORED_SPEC } from "./diff";
import { diffSpecs, type SpecDiff, validateSpec } from "./redocly";

export function changesetText(diff: SpecDiff): string {
  return `---\n"@fulfillkit/core": ${diff.bump}\n---\n\nVendored spec updated (${diff.bump}):\n\n${diff.changes.map((c) => `- ${c.summary}`).join("\n")}\n`;
}

export interface UpdateOptions {
  root: string;
  revision: string;
  typecheck: boolean;
  /** Runs a command in the repository; injectable for tests. */
  run?: (command: string, args: string[], cwd: string) => void;
}

export async function updateSpec(options: UpdateOptions): Promise<{ diff: SpecDiff; changeset?: string }> {
  const run = options.run ?? ((command, args, cwd) => execFileSync(command, args, { cwd, stdio: "inherit" }));
  const vendored = join(options.root, VENDORED_SPEC);
  await validateSpec(options.revision);
  const diff = await diffSpecs(vendored, options.revision);
  if (diff.bump === "none") return { diff };

  copyFileSync(options.revision, vendored);
  run("pnpm", ["--filter", "@fulfillkit/core", "run", "generate"], options.root);
  const dir = join(options.root, ".changeset");
  mkdirSync(dir, { recursive: true });
  const changeset = join(dir, `spec-update-${new Date().toISOString().slice(0, 10)}-${diff.bump}.md`);
  writeFileSync(changeset, changesetText(diff));
  if (options.typecheck) run("pnpm", ["typecheck"], options.root);
  return { diff, changeset };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { root: { type: "string", default: "." }, "skip-typecheck": { type: "boolean", default: false } },
  });
  const [revision] = positionals;
  if (!revision) {
    console.error("usage: pnpm spec:update <path-to-new-spec> [--root .] [--skip-typecheck]");
    process.exit(2);
  }
  const result = await updateSpec({
    root: resolve(values.root),
    revision: resolve(revision),
    typecheck: !values["skip-typecheck"],
  });
  console.log(formatDiff(result.diff));
  console.log(result.changeset ? `wrote ${result.changeset}` : "nothing to do: no changeset written");
}
