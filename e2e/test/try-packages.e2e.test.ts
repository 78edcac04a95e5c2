import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { usePrism } from "@fulfillkit/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { REPO, sh } from "../src/scratch";

// The root README's "Try the packages in your own project" block, run as written: the packs go to
// a scratch folder and "your project" is a scratch project. Its `pnpm build` is this test task's
// own dependency (turbo builds the packages first), so it is not run again here.
const prism = usePrism();

function readmeBlock(): string[] {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Try the packages in your own project"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("README: no sh block under 'Try the packages in your own project'");
  return block.split("\n").filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "fulfillkit-try-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("the README's block installs the three packages in another project, and they work there (ESM and CommonJS)", () => {
  const packs = join(work, "packs");
  const project = join(work, "my-integration");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "my-integration", private: true }));

  const lines = readmeBlock();
  expect(lines).toContain("pnpm build");
  const script = lines
    .filter((line) => line !== "pnpm build")
    .map((line) => line.replaceAll("/tmp/fulfillkit-packs", packs).replaceAll("~/my-integration", project));
  // npm as a user has it set up, with two settings of this machine's: the packages' dependencies come
  // from npm's cache when it has them, and a stalled request to the registry gives up after 60 s and
  // is retried (npm's default waits 5 minutes).
  const npm = { npm_config_prefer_offline: "true", npm_config_fetch_timeout: "60000", npm_config_audit: "false" };
  sh("bash", ["-euo", "pipefail", "-c", script.join("\n")], REPO, npm, 300_000);

  writeFileSync(
    join(project, "check.mjs"),
    `import { createFulfillmentClient } from "@fulfillkit/client";
import { checkTransition, planPath } from "@fulfillkit/transitions";
import { isFulfillmentStatus } from "@fulfillkit/core";
const client = createFulfillmentClient({ baseUrl: process.argv[2], apiKey: "try-it" });
const page = await client.orders.list({ limit: 1 });
const order = { status: "new", transactionType: "order", isPreorder: false };
console.log(JSON.stringify({
  listed: Array.isArray(page.items),
  process: checkTransition(order, { action: "process" }).ok,
  plan: planPath(order, "delivered-outbound"),
  guard: isFulfillmentStatus("new") && !isFulfillmentStatus("shipped"),
}));
`,
  );
  writeFileSync(
    join(project, "check.cjs"),
    `const { createFulfillmentClient } = require("@fulfillkit/client");
const { nextStatus } = require("@fulfillkit/transitions");
console.log(JSON.stringify({ client: typeof createFulfillmentClient, next: nextStatus({ status: "new", transactionType: "return", isPreorder: false }, "process") }));
`,
  );
  const esm = JSON.parse(sh("node", ["check.mjs", prism.url], project));
  expect(esm).toEqual({
    listed: true,
    process: true,
    plan: { ok: true, actions: ["process", "dispatchDelivery", "confirmDelivery"] },
    guard: true,
  });
  expect(JSON.parse(sh("node", ["check.cjs"], project))).toEqual({ client: "function", next: "inprocess" });
}, 420_000);
