/**
 * Releases the published packages through a real registry (verdaccio on loopback) and consumes them
 * the way a user does: plain npm in a project outside the workspace, ESM, CJS, tsc --strict, real
 * calls against Prism; then a spec change goes through spec:update into a second release, and the
 * consumer upgrades to it.
 * Runs alone with `pnpm --filter @fulfillkit/e2e test:release`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningPrism, SPEC_PATH, startPrism } from "@fulfillkit/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { scratchRepo, sh } from "../src/scratch";
import { type RunningRegistry, startVerdaccio } from "../src/verdaccio";

const PACKAGES = ["core", "client", "transitions"] as const;
type Name = (typeof PACKAGES)[number];
type Bump = "major" | "minor" | "patch";

let work: string;
let repo: string;
let consumer: string;
let registry: RunningRegistry;
let prism: RunningPrism;

/**
 * Every release command runs with the public registry out of reach: HTTP(S) goes through a proxy
 * that refuses every connection, loopback excepted. Publishing anywhere but verdaccio fails.
 */
const PUBLIC_REGISTRY_UNREACHABLE = {
  HTTP_PROXY: "http://127.0.0.1:9",
  HTTPS_PROXY: "http://127.0.0.1:9",
  http_proxy: "http://127.0.0.1:9",
  https_proxy: "http://127.0.0.1:9",
  NO_PROXY: "127.0.0.1,localhost",
  no_proxy: "127.0.0.1,localhost",
};
const inRepo = (args: string[]) => sh("pnpm", args, repo, PUBLIC_REGISTRY_UNREACHABLE);
const inConsumer = (command: string, args: string[]) => sh(command, args, consumer, { API_URL: prism.url });

const manifest = (path: string) =>
  JSON.parse(readFileSync(path, "utf8")) as { version: string; dependencies?: Record<string, string> };
const versionInRepo = (name: Name) => manifest(join(repo, "packages", name, "package.json")).version;
const installed = (name: Name) => manifest(join(consumer, "node_modules/@fulfillkit", name, "package.json")).version;
const published = (name: Name) =>
  JSON.parse(
    sh(
      "npm",
      ["view", `@fulfillkit/${name}`, "--json", "--registry", `${registry.url}/`],
      work,
      PUBLIC_REGISTRY_UNREACHABLE,
    ),
  ) as { version: string; versions: string[]; dependencies?: Record<string, string> };

function bumped(version: string, bump: Bump): string {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  if (bump === "major") return `${major + 1}.0.0`;
  return bump === "minor" ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}

function addChangeset(name: string, bumps: Partial<Record<Name, Bump>>, summary: string) {
  const header = Object.entries(bumps).map(([pkg, bump]) => `"@fulfillkit/${pkg}": ${bump}`);
  writeFileSync(join(repo, ".changeset", `${name}.md`), `---\n${header.join("\n")}\n---\n\n${summary}\n`);
}

/** Asserts what the registry serves: these versions, and dependencies on core as real versions. */
function expectPublished(expected: Record<Name, string>) {
  for (const name of PACKAGES) expect(published(name).version).toBe(expected[name]);
  for (const name of ["client", "transitions"] as const) {
    expect(published(name).dependencies?.["@fulfillkit/core"]).toBe(`^${expected.core}`);
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "fulfillkit-release-"));
  repo = join(work, "repo");
  consumer = join(work, "consumer");
  [registry, prism] = await Promise.all([startVerdaccio(join(work, "registry")), startPrism()]);
  scratchRepo(repo);
  // The scratch .npmrc points publishing (and every lookup of the release) at verdaccio, with the
  // token of a user created there; it is written after the install, which used the local store.
  const host = registry.url.replace(/^http:/, "");
  writeFileSync(
    join(repo, ".npmrc"),
    [
      readFileSync(join(repo, ".npmrc"), "utf8").trim(),
      `registry=${registry.url}/`,
      `@fulfillkit:registry=${registry.url}/`,
      `${host}/:_authToken=${registry.token}`,
      "",
    ].join("\n"),
  );
}, 240_000);

afterAll(async () => {
  await Promise.all([prism?.stop(), registry?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("release through a real registry", () => {
  let first: Record<Name, string>;

  test("changeset → version-packages → release publishes core, client, transitions with real dependency versions", () => {
    const before = Object.fromEntries(PACKAGES.map((name) => [name, versionInRepo(name)])) as Record<Name, string>;
    first = Object.fromEntries(PACKAGES.map((name) => [name, bumped(before[name], "minor")])) as Record<Name, string>;
    addChangeset(
      "first-release",
      { core: "minor", client: "minor", transitions: "minor" },
      "First release from the e2e test.",
    );

    inRepo(["version-packages"]);
    for (const name of PACKAGES) expect(versionInRepo(name)).toBe(first[name]);
    // The source keeps the workspace protocol; publishing replaces it with the real version.
    expect(manifest(join(repo, "packages/client/package.json")).dependencies?.["@fulfillkit/core"]).toBe("workspace:^");

    const output = inRepo(["release"]);
    expect(output).toContain("packages published successfully");
    expectPublished(first);
  }, 180_000);

  test("a consumer installs them with plain npm: ESM, CJS, tsc --strict and real calls against Prism", () => {
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }),
    );
    // Only the @fulfillkit scope comes from verdaccio; openapi-fetch and typescript from the usual registry.
    // The lockfile records where each package came from (this machine's user config may turn that off).
    writeFileSync(
      join(consumer, ".npmrc"),
      // A stalled request to the public registry gives up after 60 s and is retried (npm waits 5 minutes).
      `@fulfillkit:registry=${registry.url}/\nomit-lockfile-registry-resolved=false\nfetch-timeout=60000\n`,
    );
    inConsumer("npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "@fulfillkit/client",
      "@fulfillkit/transitions",
      "typescript@~5.9.3",
    ]);
    for (const name of PACKAGES) expect(installed(name)).toBe(first[name]);
    const lock = JSON.parse(readFileSync(join(consumer, "package-lock.json"), "utf8")) as {
      packages: Record<string, { resolved?: string }>;
    };
    for (const name of PACKAGES) {
      expect(lock.packages[`node_modules/@fulfillkit/${name}`]?.resolved).toMatch(new RegExp(`^${registry.url}/`));
    }

    writeFileSync(
      join(consumer, "esm.mjs"),
      `import { createFulfillmentClient } from "@fulfillkit/client";
import { allowedActions } from "@fulfillkit/transitions";
const client = createFulfillmentClient({ baseUrl: process.env.API_URL, apiKey: "consumer-key" });
const page = await client.orders.list({ limit: 5 });
const [first] = page.items;
console.log(JSON.stringify({ total: page.total, count: page.items.length, status: first.status, actions: allowedActions(first) }));`,
    );
    const esm = JSON.parse(inConsumer("node", ["esm.mjs"]));
    expect(esm.count).toBeGreaterThan(0);
    expect(typeof esm.total).toBe("number");
    expect(Array.isArray(esm.actions)).toBe(true);

    writeFileSync(
      join(consumer, "cjs.cjs"),
      `const { checkTransition, isTerminal } = require("@fulfillkit/transitions");
const { ValidationError, createFulfillmentClient } = require("@fulfillkit/client");
const result = checkTransition({ id: 1, status: "processed", transactionType: "order" }, { action: "cancel" });
let refused = false;
try { createFulfillmentClient({ baseUrl: "x", apiKey: "k" }); } catch (e) { refused = e instanceof ValidationError; }
createFulfillmentClient({ baseUrl: process.env.API_URL, apiKey: "consumer-key" })
  .orders.get(1)
  .then((order) => console.log(JSON.stringify({ code: result.code, refused, terminal: isTerminal("processed"), id: typeof order.id })));`,
    );
    expect(JSON.parse(inConsumer("node", ["cjs.cjs"]))).toEqual({
      code: "terminal-status",
      refused: true,
      terminal: true,
      id: "number",
    });

    const consumerCode = `import { createFulfillmentClient, type TransitionResult } from "@fulfillkit/client";
import { planPath } from "@fulfillkit/transitions";
import type { FulfillmentOrder } from "@fulfillkit/core";
export async function advance(order: FulfillmentOrder): Promise<TransitionResult[]> {
  const client = createFulfillmentClient({ baseUrl: "https://api.example.com", apiKey: "k" });
  const plan = planPath(order, "delivered-outbound");
  if (!plan.ok) throw new Error(plan.reason);
  const results: TransitionResult[] = [];
  for (const action of plan.actions) results.push(await client.orders.transition(order.id, action, { from: order.status }));
  return results;
}`;
    // consumer.mts reads the packages' ESM types, consumer.cts (a CommonJS module) their CJS types.
    writeFileSync(join(consumer, "consumer.mts"), consumerCode);
    writeFileSync(join(consumer, "consumer.cts"), consumerCode);
    writeFileSync(
      join(consumer, "bad.ts"),
      `import { createFulfillmentClient } from "@fulfillkit/client";
createFulfillmentClient({ baseUrl: "x", apiKey: "k" }).orders.transition(1, "ship", { from: "new" });`,
    );
    expect(tsc("consumer.mts", "consumer.cts")).toBe("");
    // The check is real: a wrong action name does not compile for the consumer either.
    expect(() => tsc("bad.ts")).toThrow(/bad\.ts.*error TS2345.*"ship"/);
  }, 300_000);

  test("a spec change: spec:update → core minor, patch releases of client and transitions; the consumer upgrades", () => {
    // pnpm spec:update, as a maintainer runs it: upstream added an optional property to the order.
    const spec = JSON.parse(readFileSync(SPEC_PATH, "utf8"));
    spec.components.schemas.FulfillmentOrder.properties.priority = { type: "string", description: "How urgent." };
    writeFileSync(join(work, "new-spec.json"), JSON.stringify(spec, null, 2));
    // Its workspace type check is proved in spec-update.e2e.test.ts; here the release's build type-checks
    // the published packages against the new spec (tsup's declaration build fails on a type error).
    const update = inRepo(["spec:update", join(work, "new-spec.json"), "--skip-typecheck"]);
    expect(update).toContain("verdict: minor (1 change, breaking first)");
    expect(update).toMatch(/wrote .*\.changeset\/spec-update-minor-[0-9a-f]+\.md/);

    inRepo(["version-packages"]);
    // The changeset names core alone. Below 1.0 a minor core leaves the `^` range of its dependents,
    // so changesets gives client and transitions a patch release that depends on the new core.
    const second: Record<Name, string> = {
      core: bumped(first.core, "minor"),
      client: bumped(first.client, "patch"),
      transitions: bumped(first.transitions, "patch"),
    };
    for (const name of PACKAGES) expect(versionInRepo(name)).toBe(second[name]);
    expect(readFileSync(join(repo, "packages/core/CHANGELOG.md"), "utf8")).toContain(
      "- minor: property `FulfillmentOrder.priority` added",
    );
    inRepo(["release"]);
    expectPublished(second);

    // The consumer upgrades within the ranges npm saved at the first install (^x.y.z).
    const ranges = JSON.parse(readFileSync(join(consumer, "package.json"), "utf8")).dependencies;
    expect(ranges["@fulfillkit/client"]).toBe(`^${first.client}`);
    expect(installed("client")).toBe(first.client);
    // Only these two (and the core they need) are looked up again: all from verdaccio, no other registry.
    inConsumer("npm", ["update", "--no-audit", "--no-fund", "@fulfillkit/client", "@fulfillkit/transitions"]);
    for (const name of PACKAGES) expect(installed(name)).toBe(second[name]);
    // One core for both, and the regenerated types reached the consumer.
    expect(existsSync(join(consumer, "node_modules/@fulfillkit/client/node_modules/@fulfillkit/core"))).toBe(false);
    expect(readFileSync(join(consumer, "node_modules/@fulfillkit/core/dist/index.d.ts"), "utf8")).toMatch(
      /priority\?: string/,
    );
    expect(JSON.parse(inConsumer("node", ["esm.mjs"])).count).toBeGreaterThan(0);
    expect(JSON.parse(inConsumer("node", ["cjs.cjs"])).id).toBe("number");
    expect(tsc("consumer.mts", "consumer.cts")).toBe("");
  }, 240_000);
});

/** The consumer's own TypeScript, strict, with Node's module resolution (.mts files are ESM, .cts and .ts CommonJS). */
function tsc(...files: string[]): string {
  const flags = ["--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext"];
  return inConsumer(join(consumer, "node_modules/.bin/tsc"), [
    ...flags,
    "--target",
    "es2022",
    "--lib",
    "es2022,dom",
    ...files,
  ]);
}
