/**
 * A spec change reaches the client's checks with no hand edit: on a scratch copy of core and the
 * client, `spec:update` takes a spec with one edit, regenerates core, and the client (bundled from
 * the scratch sources, unchanged) accepts the new valid values and refuses invalid ones.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { updateSpec } from "../src/update";

const REPO = new URL("../../../", import.meta.url).pathname;
const VENDORED = join(REPO, "openapi/equipme-customer-api.json");
const LIST = "/v1/fulfillment/orders";

type Spec = {
  paths: Record<string, Record<string, { parameters: object[] }>>;
  components: { schemas: Record<string, { enum?: string[]; properties?: Record<string, { maxLength?: number }> }> };
};
type Client = {
  orders: {
    list(query: object): Promise<unknown>;
    setExternalId(orderId: number, value: string): Promise<void>;
  };
};
type ClientModule = {
  createFulfillmentClient(options: object): Client;
  ValidationError: new (...args: never[]) => Error & { field: string };
};

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "fulfillkit-spec-flow-"));
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A workspace with core and the client's sources, the vendored spec, and the real node_modules. */
function scratchWorkspace(name: string): string {
  const root = join(scratch, name);
  for (const pkg of ["core", "client"]) {
    const dir = join(root, "packages", pkg);
    mkdirSync(dir, { recursive: true });
    for (const entry of ["package.json", "src", ...(pkg === "core" ? ["scripts"] : [])]) {
      cpSync(join(REPO, "packages", pkg, entry), join(dir, entry), { recursive: true });
    }
    symlinkSync(join(REPO, "packages", pkg, "node_modules"), join(dir, "node_modules"));
  }
  mkdirSync(join(root, "openapi"));
  cpSync(VENDORED, join(root, "openapi/equipme-customer-api.json"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "scratch", private: true }));
  writeFileSync(join(root, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n");
  return root;
}

/** The client of `root`'s sources, with `root`'s core, bundled and loaded. */
async function loadClient(root: string): Promise<ClientModule> {
  const client = join(root, "packages/client");
  const outfile = join(client, `bundle-${Date.now()}.mjs`);
  await build({
    entryPoints: [join(client, "src/index.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    plugins: [
      {
        name: "scratch-core",
        setup(bundle) {
          // @fulfillkit/core and its subpath, from the scratch sources (not the workspace's build).
          bundle.onResolve({ filter: /^@fulfillkit\/core(\/json-schema)?$/ }, ({ path }) => ({
            path: join(root, "packages/core/src", path.endsWith("/json-schema") ? "json-schema.ts" : "index.ts"),
          }));
        },
      },
    ],
    external: ["openapi-fetch", "@cfworker/json-schema"],
    logLevel: "silent",
  });
  return import(outfile);
}

/** A client whose fetch records each request's URL and answers an empty page. */
function recordingClient(module: ClientModule) {
  const sent: string[] = [];
  const client = module.createFulfillmentClient({
    baseUrl: "http://127.0.0.1:1",
    apiKey: "k",
    retry: false,
    fetch: async (request: Request) => {
      sent.push(decodeURIComponent(request.url));
      const page = { items: [], total: 0, self: { href: LIST } };
      return request.method === "GET" ? Response.json(page) : new Response(null, { status: 204 });
    },
  });
  return { client, sent };
}

async function fieldOfRefusal(module: ClientModule, call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(module.ValidationError);
  return (error as { field: string }).field;
}

/** `tsc` over `root`'s client and core, with `code` (using the client) beside them. */
async function typecheck(root: string, code: string): Promise<void> {
  writeFileSync(join(root, "packages/client/uses.ts"), code);
  writeFileSync(
    join(root, "tsconfig.json"),
    JSON.stringify({
      extends: join(REPO, "tsconfig.base.json"),
      compilerOptions: {
        paths: {
          "@fulfillkit/core": ["./packages/core/src/index.ts"],
          "@fulfillkit/core/json-schema": ["./packages/core/src/json-schema.ts"],
        },
      },
      include: ["packages/core/src", "packages/client/src", "packages/client/uses.ts"],
    }),
  );
  const tsc = join(REPO, "node_modules/typescript/bin/tsc");
  await promisify(execFile)(process.execPath, [tsc, "-p", join(root, "tsconfig.json")]);
}

/** Updates `root` to the vendored spec with `edit` applied, the way `pnpm spec:update` does. */
async function takeSpec(root: string, edit: (spec: Spec) => void): Promise<void> {
  const spec = JSON.parse(readFileSync(VENDORED, "utf8")) as Spec;
  edit(spec);
  const revision = join(root, "new-spec.json");
  writeFileSync(revision, JSON.stringify(spec, null, 2));
  await updateSpec({ root, revision, typecheck: false, log: () => undefined });
}

let vendored: ClientModule;
beforeAll(async () => {
  vendored = await loadClient(scratchWorkspace("vendored"));
}, 60_000);

describe("a spec change flows into the client's checks without a hand edit", () => {
  test("a new enum-typed query parameter: its values are sent, others refused", async () => {
    // Before: the client does not know the parameter.
    expect(await fieldOfRefusal(vendored, recordingClient(vendored).client.orders.list({ region: ["eu"] }))).toBe(
      "query.region",
    );

    const root = scratchWorkspace("new-parameter");
    await takeSpec(root, (spec) => {
      spec.components.schemas.Region = { enum: ["eu", "us"] };
      spec.paths[LIST]?.get?.parameters.push({
        name: "region",
        in: "query",
        schema: { type: "array", items: { $ref: "#/components/schemas/Region" } },
      });
    });
    const updated = await loadClient(root);
    const { client, sent } = recordingClient(updated);
    await client.orders.list({ region: ["eu", "us"], status: ["new"] });
    expect(sent).toEqual([expect.stringMatching(/\?region=eu&region=us&status=new$/)]);
    expect(await fieldOfRefusal(updated, client.orders.list({ region: ["mars"] }))).toBe("query.region[0]");
    expect(await fieldOfRefusal(updated, client.orders.list({ region: "eu" }))).toBe("query.region");
    expect(sent).toHaveLength(1);

    // And in the types: the client's query takes the new parameter, typed as its enum.
    await typecheck(
      root,
      [
        'import { createFulfillmentClient } from "./src/index";',
        'const client = createFulfillmentClient({ baseUrl: "http://127.0.0.1:1", apiKey: "k" });',
        'void client.orders.list({ region: ["eu", "us"], status: ["new"] });',
        "// @ts-expect-error: not one of the new enum's values",
        'void client.orders.list({ region: ["mars"] });',
        "",
      ].join("\n"),
    );
  }, 180_000);

  test("a new enum value: accepted and sent; a value still unknown is refused", async () => {
    expect(await fieldOfRefusal(vendored, recordingClient(vendored).client.orders.list({ status: ["on-hold"] }))).toBe(
      "query.status[0]",
    );

    const root = scratchWorkspace("new-enum-value");
    await takeSpec(root, (spec) => spec.components.schemas.FulfillmentStatus?.enum?.push("on-hold"));
    const updated = await loadClient(root);
    const { client, sent } = recordingClient(updated);
    await client.orders.list({ status: ["new", "on-hold"] });
    expect(sent).toEqual([expect.stringMatching(/\?status=new&status=on-hold$/)]);
    expect(await fieldOfRefusal(updated, client.orders.list({ status: ["on-hold", "paused"] }))).toBe(
      "query.status[1]",
    );
    expect(sent).toHaveLength(1);
  }, 180_000);

  test("a tighter maxLength: the new limit is enforced, with the number in the message", async () => {
    const root = scratchWorkspace("tighter-max-length");
    await takeSpec(root, (spec) => {
      const externalId = spec.components.schemas.FulfillmentOrderUpdate?.properties?.externalId;
      if (externalId) externalId.maxLength = 20;
    });
    const updated = await loadClient(root);
    const { client, sent } = recordingClient(updated);
    await client.orders.setExternalId(1, "x".repeat(20));
    expect(sent).toHaveLength(1);
    // setExternalId checks before it returns a promise: wrapped, so that a throw becomes a rejection.
    const error = await (async () => client.orders.setExternalId(1, "x".repeat(21)))().catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(updated.ValidationError);
    expect(error?.message).toMatch(/^externalId must be a string of at most 20 characters, or null/);
    expect(sent).toHaveLength(1);

    // The vendored spec's limit, 100, still holds for the unchanged client.
    const before = recordingClient(vendored);
    await before.client.orders.setExternalId(1, "x".repeat(21));
    expect(before.sent).toHaveLength(1);
  }, 180_000);
});
