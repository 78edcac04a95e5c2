/**
 * Releases the published packages through a real registry (verdaccio on loopback) and consumes them
 * the way a user does: plain npm, ESM, CJS, tsc --strict, one real call, then an upgrade.
 * Runs alone with `pnpm --filter @fulfillkit/e2e test:release`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningPrism, startPrism } from "@fulfillkit/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningRegistry, startVerdaccio } from "../src/verdaccio";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const work = mkdtempSync(join(tmpdir(), "fulfillkit-release-"));
const repo = join(work, "repo");
const consumer = join(work, "consumer");
let registry: RunningRegistry;
let prism: RunningPrism;

const sh = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

function scopedNpmrc(withToken: boolean): string {
  const host = registry.url.replace(/^http:/, "");
  return [`@fulfillkit:registry=${registry.url}/`, withToken ? `${host}/:_authToken=${registry.token}` : ""].join("\n");
}

function addChangeset(name: string, bumps: Record<string, "major" | "minor" | "patch">, summary: string) {
  const header = Object.entries(bumps).map(([pkg, bump]) => `"${pkg}": ${bump}`);
  writeFileSync(join(repo, ".changeset", `${name}.md`), `---\n${header.join("\n")}\n---\n\n${summary}\n`);
}

const published = (pkg: string) =>
  JSON.parse(sh("npm", ["view", pkg, "--json", "--registry", `${registry.url}/`], work)) as {
    version: string;
    versions: string[];
    dependencies?: Record<string, string>;
  };

beforeAll(async () => {
  registry = await startVerdaccio(join(work, "registry"));
  prism = await startPrism();
  // A scratch copy of the repository as committed, its dependencies from the local store.
  sh("git", ["clone", "--quiet", REPO, repo], work);
  sh("pnpm", ["install", "--frozen-lockfile", "--prefer-offline", "--ignore-scripts"], repo);
  writeFileSync(join(repo, ".npmrc"), `${readFileSync(join(repo, ".npmrc"), "utf8")}\n${scopedNpmrc(true)}\n`);
}, 240_000);

afterAll(async () => {
  await prism?.stop();
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("release through a real registry", () => {
  test("changeset → version-packages → release publishes core, client, transitions with real dependency versions", () => {
    addChangeset(
      "first-release",
      { "@fulfillkit/client": "minor", "@fulfillkit/transitions": "minor" },
      "First release from the e2e test.",
    );
    sh("pnpm", ["version-packages"], repo);
    const version = JSON.parse(readFileSync(join(repo, "packages/client/package.json"), "utf8")).version as string;
    expect(version).toBe("0.2.0");
    sh("pnpm", ["release"], repo, { TURBO_TELEMETRY_DISABLED: "1" });

    const client = published("@fulfillkit/client");
    expect(client.version).toBe("0.2.0");
    expect(client.dependencies?.["@fulfillkit/core"]).toMatch(/^\^?\d+\.\d+\.\d+$/);
    expect(published("@fulfillkit/transitions").version).toBe("0.2.0");
    expect(published("@fulfillkit/core").versions).toContain("0.1.0");
  }, 180_000);

  test("a consumer installs them with plain npm: ESM, CJS, tsc --strict and a real call against Prism", () => {
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }),
    );
    writeFileSync(join(consumer, ".npmrc"), scopedNpmrc(false));
    sh(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "@fulfillkit/client", "@fulfillkit/transitions"],
      consumer,
    );

    writeFileSync(
      join(consumer, "esm.mjs"),
      `import { createFulfillmentClient } from "@fulfillkit/client";
import { allowedActions } from "@fulfillkit/transitions";
const client = createFulfillmentClient({ baseUrl: process.env.API_URL, apiKey: "consumer-key" });
const page = await client.orders.list({ status: ["new"], limit: 5 });
console.log(JSON.stringify({ total: page.total, actions: allowedActions({ status: "new", transactionType: "order" }) }));`,
    );
    const esm = JSON.parse(sh("node", ["esm.mjs"], consumer, { API_URL: prism.url }));
    expect(typeof esm.total).toBe("number");
    expect(esm.actions).toEqual(["process", "cancel"]);

    writeFileSync(
      join(consumer, "cjs.cjs"),
      `const { checkTransition } = require("@fulfillkit/transitions");
const { ValidationError, createFulfillmentClient } = require("@fulfillkit/client");
const result = checkTransition({ id: 1, status: "processed", transactionType: "order" }, { action: "cancel" });
let refused = false;
try { createFulfillmentClient({ baseUrl: "x", apiKey: "k" }); } catch (e) { refused = e instanceof ValidationError; }
console.log(JSON.stringify({ code: result.code, refused }));`,
    );
    expect(JSON.parse(sh("node", ["cjs.cjs"], consumer))).toEqual({ code: "terminal-status", refused: true });

    writeFileSync(
      join(consumer, "consumer.ts"),
      `import { createFulfillmentClient, type TransitionResult } from "@fulfillkit/client";
import { planPath } from "@fulfillkit/transitions";
import type { FulfillmentOrder } from "@fulfillkit/core";
export async function advance(order: FulfillmentOrder): Promise<TransitionResult[]> {
  const client = createFulfillmentClient({ baseUrl: "https://api.example.com", apiKey: "k" });
  const plan = planPath(order, "delivered-outbound");
  if (!plan.ok) throw new Error(plan.reason);
  const results: TransitionResult[] = [];
  for (const action of plan.actions) results.push(await client.orders.transition(order.id, action, { from: order.status }));
  return results;
}`,
    );
    writeFileSync(
      join(consumer, "bad.ts"),
      `import { createFulfillmentClient } from "@fulfillkit/client";
createFulfillmentClient({ baseUrl: "x", apiKey: "k" }).orders.transition(1, "ship");`,
    );
    const tsc = (file: string) =>
      sh(
        "node",
        [
          TSC,
          "--strict",
          "--noEmit",
          "--module",
          "nodenext",
          "--moduleResolution",
          "nodenext",
          "--target",
          "es2022",
          "--lib",
          "es2022,dom",
          file,
        ],
        consumer,
      );
    expect(() => tsc("consumer.ts")).not.toThrow();
    // The check is real: a wrong action name does not compile for the consumer either.
    let diagnostics = "";
    try {
      tsc("bad.ts");
    } catch (error) {
      diagnostics = String((error as { stdout?: string }).stdout);
    }
    expect(diagnostics).toMatch(/bad\.ts.*error TS2345.*"ship"/);
  }, 300_000);

  test("a patch release, and the consumer upgrades to it", () => {
    addChangeset("fix", { "@fulfillkit/client": "patch" }, "A patch release from the e2e test.");
    sh("pnpm", ["version-packages"], repo);
    sh("pnpm", ["release"], repo, { TURBO_TELEMETRY_DISABLED: "1" });
    expect(published("@fulfillkit/client").version).toBe("0.2.1");

    const installed = () =>
      JSON.parse(readFileSync(join(consumer, "node_modules/@fulfillkit/client/package.json"), "utf8"))
        .version as string;
    expect(installed()).toBe("0.2.0");
    sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "@fulfillkit/client@latest"], consumer);
    expect(installed()).toBe("0.2.1");
    expect(
      sh(
        "node",
        [
          "-e",
          'require("@fulfillkit/client").createFulfillmentClient({ baseUrl: "http://x", apiKey: "k" }); console.log("ok")',
        ],
        consumer,
      ).trim(),
    ).toBe("ok");
  }, 180_000);
});
