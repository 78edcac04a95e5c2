import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { formatDiff } from "../spec/diff";
import { diffSpecs } from "../spec/redocly";
import { updateSpec } from "../spec/update";

const VENDORED = new URL("../../openapi/equipme-customer-api.json", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "fulfillkit-spec-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Spec = {
  paths: Record<string, Record<string, { parameters: object[] }>>;
  components: {
    schemas: Record<string, { enum?: string[]; description?: string; properties?: Record<string, unknown> }>;
  };
};

/** A copy of the vendored spec with one edit, written to the scratch folder. */
function fixture(name: string, edit: (spec: Spec) => void): string {
  const spec = JSON.parse(readFileSync(VENDORED, "utf8")) as Spec;
  edit(spec);
  const path = join(scratch, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec, null, 2));
  return path;
}

const FIXTURES = {
  addedOptionalQueryParameter: () =>
    fixture("minor", (spec) => {
      spec.paths["/v1/fulfillment/orders"]?.get?.parameters.push({
        name: "region",
        in: "query",
        schema: { type: "string" },
      });
    }),
  removedResponseProperty: () =>
    fixture("major", (spec) => {
      delete spec.components.schemas.FulfillmentOrder?.properties?.partnerNote;
    }),
  descriptionOnly: () =>
    fixture("patch", (spec) => {
      const status = spec.components.schemas.FulfillmentStatus;
      if (status) status.description = "Status of the fulfillment process, now better described.";
    }),
  addedEnumValue: () =>
    fixture("enum", (spec) => {
      spec.components.schemas.FulfillmentStatus?.enum?.push("on-hold");
    }),
  identical: () => fixture("same", () => undefined),
};

describe("spec:diff verdicts (redocly diff)", () => {
  test("an added optional query parameter is minor", async () => {
    const diff = await diffSpecs(VENDORED, FIXTURES.addedOptionalQueryParameter());
    expect(diff.bump).toBe("minor");
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]?.summary).toMatch(/^minor: added GET \/v1\/fulfillment\/orders parameters\/13/);
  });

  test("a removed response property is major, named in the summary", async () => {
    const diff = await diffSpecs(VENDORED, FIXTURES.removedResponseProperty());
    expect(diff.bump).toBe("major");
    expect(formatDiff(diff)).toContain("Property `partnerNote` of `FulfillmentOrder` was removed.");
  });

  test("a description-only change is patch", async () => {
    expect((await diffSpecs(VENDORED, FIXTURES.descriptionOnly())).bump).toBe("patch");
  });

  test("an added enum value: Redocly rules it major (clients that switch on the enum may break)", async () => {
    const diff = await diffSpecs(VENDORED, FIXTURES.addedEnumValue());
    expect(diff.bump).toBe("major");
    expect(diff.changes.some((c) => c.summary.includes("gained values: 'on-hold'"))).toBe(true);
  });

  test("an identical spec has no changes", async () => {
    const diff = await diffSpecs(VENDORED, FIXTURES.identical());
    expect(diff).toEqual({ bump: "none", changes: [] });
    expect(formatDiff(diff)).toMatch(/^no changes/);
  });
});

describe("spec:update", () => {
  function scratchRepo(): string {
    const root = mkdtempSync(join(scratch, "repo-"));
    mkdirSync(join(root, "openapi"));
    cpSync(VENDORED, join(root, "openapi/equipme-customer-api.json"));
    return root;
  }

  test("replaces the spec, regenerates core, writes a changeset with the bump (breaking first), type-checks", async () => {
    const root = scratchRepo();
    const commands: string[] = [];
    const revision = fixture("mixed", (spec) => {
      spec.paths["/v1/fulfillment/orders"]?.get?.parameters.push({
        name: "region",
        in: "query",
        schema: { type: "string" },
      });
      delete spec.components.schemas.FulfillmentOrder?.properties?.partnerNote;
    });
    const result = await updateSpec({
      root,
      revision,
      typecheck: true,
      run: (cmd, args) => commands.push([cmd, ...args].join(" ")),
    });
    expect(readFileSync(join(root, "openapi/equipme-customer-api.json"), "utf8")).toBe(readFileSync(revision, "utf8"));
    expect(commands).toEqual(["pnpm --filter @fulfillkit/core run generate", "pnpm typecheck"]);
    const text = readFileSync(result.changeset ?? "", "utf8");
    expect(text).toMatch(/^---\n"@fulfillkit\/core": major\n---\n/);
    const lines = text.split("\n").filter((line) => line.startsWith("- "));
    expect(lines.map((line) => line.split(":")[0])).toEqual(["- major", "- minor"]);
  });

  test("an identical spec writes no changeset and runs nothing", async () => {
    const root = scratchRepo();
    const commands: string[] = [];
    const result = await updateSpec({
      root,
      revision: FIXTURES.identical(),
      typecheck: true,
      run: (cmd) => commands.push(cmd),
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
  });
});
