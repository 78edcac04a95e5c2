import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type RunningSandbox, sandboxControl, startSandbox } from "@fulfillkit/sandbox";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The client README's first example, run as written: extracted from the README at test time, so
// the two cannot drift apart. It lives under node_modules so that its imports resolve to the
// workspace's packages, as they would in a user's project.
const README = fileURLToPath(new URL("../../packages/client/README.md", import.meta.url));
const SCRATCH = fileURLToPath(new URL("../node_modules/.cache/client-readme/", import.meta.url));
const PAGE_SIZE = 100; // the client's default: the example names none
const NEW_ORDERS = 2 * PAGE_SIZE + 35;

async function firstExample(): Promise<string> {
  const markdown = await readFile(README, "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (!block) throw new Error(`no \`\`\`ts block in ${README}`);
  return block;
}

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 21, orders: 40 });
  const control = sandboxControl(sandbox.url);
  for (let i = 0; i < NEW_ORDERS; i++) await control.createOrder({ status: "new", providerId: 1 });
});
afterAll(async () => {
  await sandbox?.close();
  await rm(SCRATCH, { recursive: true, force: true });
});

describe("the client README's first example", () => {
  test(`moves every \`new\` order over ${Math.ceil(NEW_ORDERS / PAGE_SIZE)}+ pages, each once, none missed`, async () => {
    const control = sandboxControl(sandbox.url);
    const [provider] = sandbox.providers;
    if (!provider) throw new Error("the sandbox has no provider");
    const before = await control.stats(provider.providerId);
    expect(before.byStatus.new).toBeGreaterThan(2 * PAGE_SIZE);
    const otherBefore = await control.stats(2);

    await mkdir(SCRATCH, { recursive: true });
    const file = `${SCRATCH}example.ts`;
    await writeFile(file, await firstExample());
    process.env.EQUIPME_BASE_URL = sandbox.url;
    process.env.EQUIPME_API_KEY = provider.apiKey;
    await import(pathToFileURL(file).href);

    const after = await control.stats(provider.providerId);
    expect(after.byStatus.new ?? 0).toBe(0);
    expect(after.byStatus.inprocess).toBe((before.byStatus.inprocess ?? 0) + before.byStatus.new);
    const processed = (await control.log()).filter((entry) => entry.action === "process");
    expect(processed).toHaveLength(before.byStatus.new);
    expect(new Set(processed.map((entry) => entry.orderId)).size).toBe(before.byStatus.new);
    // The other provider's orders are not this key's to see, and were not touched.
    expect((await control.stats(2)).byStatus).toEqual(otherBefore.byStatus);
  });
});
