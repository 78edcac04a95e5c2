/**
 * `pnpm spec:update` for real, on a scratch copy of the repository: a spec change that the code no
 * longer fits fails the command loudly, naming the code in client and transitions, and leaves the
 * new spec, the regenerated core and the changeset in place for the fix.
 * (The passing path, through to a release and a consumer's upgrade, is in release.e2e.test.ts.)
 * Runs alone with `pnpm --filter @fulfillkit/e2e test:spec`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SPEC_PATH } from "@fulfillkit/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { scratchRepo, sh } from "../src/scratch";

let work: string;
let repo: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "fulfillkit-spec-update-"));
  repo = scratchRepo(join(work, "repo"));
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("a spec the code no longer fits: spec:update fails loudly, names the code, leaves spec, core and changeset", () => {
  // Upstream drops the `offset` query parameter (the client pages with it) and the status
  // `ready-for-delivery` (the flow table of transitions moves orders through it).
  const spec = JSON.parse(readFileSync(SPEC_PATH, "utf8"));
  const list = spec.paths["/v1/fulfillment/orders"].get;
  list.parameters = list.parameters.filter((parameter: { name: string }) => parameter.name !== "offset");
  const status = spec.components.schemas.FulfillmentStatus;
  status.enum = status.enum.filter((value: string) => value !== "ready-for-delivery");
  const revision = join(work, "new-spec.json");
  writeFileSync(revision, JSON.stringify(spec, null, 2));

  let failure: { status?: number; stdout?: string; stderr?: string } | undefined;
  try {
    sh("pnpm", ["spec:update", revision], repo);
  } catch (error) {
    failure = error as typeof failure;
  }
  expect(failure?.status).toBe(1);
  const output = `${failure?.stdout}${failure?.stderr}`;
  const verdict = [
    "verdict: major (2 changes, breaking first)",
    "- major: `offset` query parameter was removed. (GET /v1/fulfillment/orders)",
    "- major: Enum of `FulfillmentStatus` lost values: 'ready-for-delivery'.",
  ];
  expect(output).toContain(verdict.join("\n"));
  expect(output).toMatch(/@fulfillkit\/client:typecheck: src\/\S+\.ts\(\d+,\d+\): error TS\d+: .*'offset'/);
  expect(output).toMatch(
    /@fulfillkit\/transitions:typecheck: src\/\S+\.ts\(\d+,\d+\): error TS\d+: .*"ready-for-delivery"/,
  );
  expect(output).toContain("spec:update: the type check failed: code in the workspace no longer fits the new spec");

  // Everything is in place for the fix: the spec as given, core regenerated, the changeset.
  expect(readFileSync(join(repo, "openapi/equipme-customer-api.json"), "utf8")).toBe(readFileSync(revision, "utf8"));
  const generated = readFileSync(join(repo, "packages/core/src/generated/schema.ts"), "utf8");
  expect(generated).not.toContain('"ready-for-delivery"');
  expect(generated).not.toMatch(/\boffset\?:/);
  const changesets = readdirSync(join(repo, ".changeset")).filter((file) => file.startsWith("spec-update-"));
  expect(changesets).toEqual([expect.stringMatching(/^spec-update-major-[0-9a-f]{10}\.md$/)]);
  const changeset = readFileSync(join(repo, ".changeset", changesets[0] ?? ""), "utf8");
  expect(changeset).toBe(
    [
      '---\n"@fulfillkit/core": major\n---\n\nThe vendored Equipme spec changed (major):\n',
      ...verdict.slice(1),
      "",
    ].join("\n"),
  );
}, 180_000);
