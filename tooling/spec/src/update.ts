/**
 * `pnpm spec:update <new-spec>`: validates the new spec, rates the change with `redocly diff`,
 * replaces the vendored spec, regenerates @fulfillkit/core, writes a changeset for core with the
 * bump and one line per change (breaking first), then type-checks the whole workspace so that
 * code that no longer fits the spec fails loudly. An identical spec changes nothing.
 *
 *   pnpm spec:update <path-to-new-spec> [--root .] [--skip-typecheck]
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatDiff, VENDORED_SPEC } from "./diff";
import { isMain } from "./is-main";
import { diffSpecs, type SpecDiff, validateSpec } from "./redocly";

export function changesetText(diff: SpecDiff): string {
  const lines = diff.changes.map((c) => `- ${c.summary}`).join("\n");
  return `---\n"@fulfillkit/core": ${diff.bump}\n---\n\nThe vendored Equipme spec changed (${diff.bump}):\n\n${lines}\n`;
}

/** Turbo keeps going past a failed package, so one run names every package that no longer fits. */
export const TYPECHECK: [string, string[]] = ["pnpm", ["typecheck", "--continue=dependencies-successful"]];

export interface UpdateOptions {
  /** The repository (workspace root) to update. */
  root: string;
  revision: string;
  typecheck: boolean;
  /** Runs a command in the repository and throws when it fails; injectable for tests. */
  run?: (command: string, args: string[], cwd: string) => void;
  log?: (line: string) => void;
}

export interface UpdateResult {
  diff: SpecDiff;
  /** The changeset written, absent when the spec did not change. */
  changeset?: string;
}

export async function updateSpec(options: UpdateOptions): Promise<UpdateResult> {
  const run = options.run ?? ((command, args, cwd) => execFileSync(command, args, { cwd, stdio: "inherit" }));
  const log = options.log ?? console.log;
  const vendored = join(options.root, VENDORED_SPEC);
  const bytes = readFileSync(options.revision);
  try {
    JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new Error(`${options.revision} is not JSON: the vendored spec is the JSON that spec:assemble writes`);
  }
  await validateSpec(options.revision);
  const diff = await diffSpecs(vendored, options.revision);
  log(formatDiff(diff));
  if (diff.bump === "none") return { diff };

  copyFileSync(options.revision, vendored);
  run("pnpm", ["--filter", "@fulfillkit/core", "run", "generate"], options.root);
  const dir = join(options.root, ".changeset");
  mkdirSync(dir, { recursive: true });
  // Named after the new spec's content: a second update before a release adds a changeset, never overwrites one.
  const digest = createHash("sha256").update(bytes).digest("hex").slice(0, 10);
  const changeset = join(dir, `spec-update-${diff.bump}-${digest}.md`);
  writeFileSync(changeset, changesetText(diff));
  log(`wrote ${changeset}`);
  if (options.typecheck) {
    try {
      run(...TYPECHECK, options.root);
    } catch {
      throw new Error(
        [
          "the type check failed: code in the workspace no longer fits the new spec (the errors are above).",
          "The new spec, the regenerated core and the changeset are in place; fix the code, then `pnpm typecheck`",
          "(packages whose dependencies failed to build were not checked yet) and `pnpm test`.",
        ].join("\n"),
      );
    }
    log("type check passed: client, transitions and the apps fit the new spec");
  }
  return { diff, changeset };
}

if (isMain(import.meta.url)) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { root: { type: "string", default: "." }, "skip-typecheck": { type: "boolean", default: false } },
  });
  const [revision] = positionals;
  if (!revision || positionals.length > 1) {
    console.error("usage: pnpm spec:update <path-to-new-spec> [--root .] [--skip-typecheck]");
    process.exit(2);
  }
  try {
    const result = await updateSpec({
      root: resolve(values.root),
      revision: resolve(revision),
      typecheck: !values["skip-typecheck"],
    });
    if (!result.changeset) console.log("nothing to do: no changeset written");
  } catch (error) {
    console.error(`\nspec:update: ${(error as Error).message}`);
    process.exit(1);
  }
}
