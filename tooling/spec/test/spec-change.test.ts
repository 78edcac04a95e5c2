import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatDiff } from "../src/diff";
import { diffSpecs } from "../src/redocly";
import { TYPECHECK, updateSpec } from "../src/update";

const VENDORED = new URL("../../../openapi/equipme-customer-api.json", import.meta.url).pathname;
const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const SCRIPTS = new URL("../src/", import.meta.url).pathname;
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "fulfillkit-spec-"));
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

type Spec = {
  paths: Record<string, Record<string, { parameters: object[] }>>;
  components: {
    schemas: Record<string, { enum?: string[]; description?: string; properties?: Record<string, unknown> }>;
  };
};

/** A copy of the vendored spec with small edits, written to the scratch folder. */
function fixture(name: string, edit: (spec: Spec) => void): string {
  const spec = JSON.parse(readFileSync(VENDORED, "utf8")) as Spec;
  edit(spec);
  const path = join(scratch, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec, null, 2));
  return path;
}

const addRegionParameter = (spec: Spec) =>
  spec.paths["/v1/fulfillment/orders"]?.get?.parameters.push({
    name: "region",
    in: "query",
    schema: { type: "string" },
  });
const removePartnerNote = (spec: Spec) => {
  delete spec.components.schemas.FulfillmentOrder?.properties?.partnerNote;
};
const describeStatusBetter = (spec: Spec) => {
  const status = spec.components.schemas.FulfillmentStatus;
  if (status) status.description = "Status of the fulfillment process, now better described.";
};

const FIXTURES = {
  addedOptionalQueryParameter: () => fixture("minor", addRegionParameter),
  removedResponseProperty: () => fixture("major", removePartnerNote),
  descriptionOnly: () => fixture("patch", describeStatusBetter),
  addedEnumValue: () => fixture("enum", (spec) => spec.components.schemas.FulfillmentStatus?.enum?.push("on-hold")),
  identical: () => fixture("same", () => undefined),
};

describe("spec:diff verdicts (redocly diff)", () => {
  test("an added optional query parameter is minor", async () => {
    const diff = await diffSpecs(VENDORED, FIXTURES.addedOptionalQueryParameter());
    expect(diff).toEqual({
      bump: "minor",
      changes: [{ impact: "minor", summary: "minor: query parameter `region` added (GET /v1/fulfillment/orders)" }],
    });
  });

  test("a removed response property is major, named in the summary", async () => {
    const diff = await diffSpecs(VENDORED, FIXTURES.removedResponseProperty());
    expect(diff.bump).toBe("major");
    expect(formatDiff(diff).split("\n")).toEqual([
      "verdict: major (1 change, breaking first)",
      "- major: Property `partnerNote` of `FulfillmentOrder` was removed.",
    ]);
  });

  test("a description-only change is patch", async () => {
    expect(await diffSpecs(VENDORED, FIXTURES.descriptionOnly())).toEqual({
      bump: "patch",
      changes: [{ impact: "patch", summary: "patch: `description` of `FulfillmentStatus` changed" }],
    });
  });

  // Redocly's rule `enum-values-added` rates a new enum value major where the schema is read in a
  // response (a client that switches on the values meets one it does not know). FulfillmentStatus
  // is both a request filter and a response field, so the verdict is major; spec:update follows it.
  test("an added enum value: Redocly rules it major (enum-values-added, the status is read in responses)", async () => {
    expect(await diffSpecs(VENDORED, FIXTURES.addedEnumValue())).toEqual({
      bump: "major",
      changes: [{ impact: "major", summary: "major: Enum of `FulfillmentStatus` gained values: 'on-hold'." }],
    });
  });

  test("an identical spec has no changes", async () => {
    const diff = await diffSpecs(VENDORED, FIXTURES.identical());
    expect(diff).toEqual({ bump: "none", changes: [] });
    expect(formatDiff(diff)).toMatch(/^no changes/);
  });

  test("several changes: one line each, breaking ones first", async () => {
    const revision = fixture("mixed-order", (spec) => {
      describeStatusBetter(spec);
      addRegionParameter(spec);
      removePartnerNote(spec);
    });
    const diff = await diffSpecs(VENDORED, revision);
    expect(diff.bump).toBe("major");
    expect(diff.changes.map((c) => c.impact)).toEqual(["major", "minor", "patch"]);
  });
});

describe("the spec:diff command", () => {
  // A redocly.yaml without diff rules in the working directory would make Redocly rate every
  // change minor or patch; the tooling passes its own config, so the verdict stays major.
  test("prints the verdict, changes nothing, and ignores a redocly.yaml where it is started", async () => {
    const cwd = mkdtempSync(join(scratch, "cwd-"));
    writeFileSync(join(cwd, "redocly.yaml"), "extends:\n  - recommended\n");
    const root = scratchRepo();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [TSX, join(SCRIPTS, "diff.ts"), FIXTURES.removedResponseProperty(), "--root", root],
      { cwd },
    );
    expect(stdout).toContain("verdict: major (1 change, breaking first)\n- major: Property `partnerNote`");
    expect(readFileSync(join(root, "openapi/equipme-customer-api.json"), "utf8")).toBe(readFileSync(VENDORED, "utf8"));
    expect(readdirSync(root)).toEqual(["openapi"]);
  });
});

function scratchRepo(): string {
  const root = mkdtempSync(join(scratch, "repo-"));
  mkdirSync(join(root, "openapi"));
  cpSync(VENDORED, join(root, "openapi/equipme-customer-api.json"));
  return root;
}

describe("spec:update", () => {
  test("replaces the spec, regenerates core, writes a changeset with the bump (breaking first), type-checks", async () => {
    const root = scratchRepo();
    const commands: string[] = [];
    const logged: string[] = [];
    const revision = fixture("mixed", (spec) => {
      addRegionParameter(spec);
      removePartnerNote(spec);
    });
    const result = await updateSpec({
      root,
      revision,
      typecheck: true,
      run: (cmd, args) => commands.push([cmd, ...args].join(" ")),
      log: (line) => logged.push(line),
    });
    expect(readFileSync(join(root, "openapi/equipme-customer-api.json"), "utf8")).toBe(readFileSync(revision, "utf8"));
    expect(commands).toEqual(["pnpm --filter @fulfillkit/core run generate", TYPECHECK.flat().join(" ")]);
    expect(result.changeset).toMatch(/\.changeset\/spec-update-major-[0-9a-f]{10}\.md$/);
    expect(readFileSync(result.changeset ?? "", "utf8")).toBe(
      [
        "---",
        '"@fulfillkit/core": major',
        "---",
        "",
        "The vendored Equipme spec changed (major):",
        "",
        "- major: Property `partnerNote` of `FulfillmentOrder` was removed.",
        "- minor: query parameter `region` added (GET /v1/fulfillment/orders)",
        "",
      ].join("\n"),
    );
    expect(logged[0]).toMatch(/^verdict: major/);
  });

  test("a second update before a release adds a changeset instead of overwriting the first", async () => {
    const root = scratchRepo();
    const run = () => undefined;
    const log = () => undefined;
    const first = FIXTURES.descriptionOnly();
    await updateSpec({ root, revision: first, typecheck: false, run, log });
    const second = fixture("patch-twice", (spec) => {
      describeStatusBetter(spec);
      const status = spec.components.schemas.FulfillmentStatus;
      if (status) status.description += " Twice.";
    });
    await updateSpec({ root, revision: second, typecheck: false, run, log });
    expect(readdirSync(join(root, ".changeset"))).toHaveLength(2);
  });

  test("a type check that fails stops the update loudly, with the new spec and the changeset in place", async () => {
    const root = scratchRepo();
    const revision = FIXTURES.addedEnumValue();
    const run = (cmd: string, args: string[]) => {
      if (args[0] === "typecheck") throw new Error(`${cmd} exited with 2`);
    };
    await expect(updateSpec({ root, revision, typecheck: true, run, log: () => undefined })).rejects.toThrow(
      /^the type check failed: code in the workspace no longer fits the new spec/,
    );
    expect(readFileSync(join(root, "openapi/equipme-customer-api.json"), "utf8")).toBe(readFileSync(revision, "utf8"));
    expect(readdirSync(join(root, ".changeset"))).toEqual([expect.stringMatching(/^spec-update-major-/)]);
  });

  test("an identical spec writes no changeset and runs nothing", async () => {
    const root = scratchRepo();
    const commands: string[] = [];
    const result = await updateSpec({
      root,
      revision: FIXTURES.identical(),
      typecheck: true,
      run: (cmd) => commands.push(cmd),
      log: () => undefined,
    });
    expect(result.changeset).toBeUndefined();
    expect(commands).toEqual([]);
    expect(readdirSync(root)).toEqual(["openapi"]);
  });

  test("an invalid spec is refused before anything changes", async () => {
    const root = scratchRepo();
    const broken = join(scratch, "broken.json");
    writeFileSync(
      broken,
      JSON.stringify({ openapi: "3.0.4", info: { title: "x" }, paths: { "/a": { get: { responses: "nope" } } } }),
    );
    await expect(updateSpec({ root, revision: broken, typecheck: false, run: () => undefined })).rejects.toThrow(
      /not a valid OpenAPI description/,
    );
    expect(readFileSync(join(root, "openapi/equipme-customer-api.json"), "utf8")).toBe(readFileSync(VENDORED, "utf8"));
    expect(readdirSync(root)).toEqual(["openapi"]);
  });

  test("a spec that is not JSON is refused: the vendored file stays the JSON spec:assemble writes", async () => {
    const root = scratchRepo();
    const yaml = join(scratch, "spec.yaml");
    writeFileSync(yaml, "openapi: 3.0.4\ninfo: { title: x, version: v1 }\npaths: {}\n");
    await expect(updateSpec({ root, revision: yaml, typecheck: false, run: () => undefined })).rejects.toThrow(
      /is not JSON/,
    );
    expect(readdirSync(root)).toEqual(["openapi"]);
  });
});
