/**
 * `pnpm demo`: a sandbox on a free port with seeded orders, `fulfill run` against it, the counts
 * per status before and after, then the sandbox stops.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { FULFILLMENT_STATUSES } from "@fulfillkit/core";
import { startSandbox } from "@fulfillkit/sandbox";
import Table from "cli-table3";

const sandbox = await startSandbox({ port: 0, seed: 1, orders: 200 });
const [provider] = sandbox.apiKeys;
if (!provider) throw new Error("the sandbox has no provider");

const countsPerStatus = () => {
  const counts = Object.fromEntries(FULFILLMENT_STATUSES.map((status) => [status, 0]));
  for (const stored of sandbox.store.orders.values()) {
    if (stored.providerId === provider.providerId) counts[stored.order.status] = (counts[stored.order.status] ?? 0) + 1;
  }
  return counts;
};

try {
  console.log(`sandbox on ${sandbox.url}, provider "${provider.providerName}"\n`);
  const before = countsPerStatus();
  console.log("$ fulfill run\n");
  const exitCode = await new Promise<number>((resolve) => {
    const cli = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./cli.ts", import.meta.url)), "run"],
      {
        stdio: "inherit",
        env: { ...process.env, EQUIPME_BASE_URL: sandbox.url, EQUIPME_API_KEY: provider.apiKey },
      },
    );
    cli.on("exit", (code) => resolve(code ?? 1));
  });
  const after = countsPerStatus();
  const table = new Table({ head: ["status", "before", "after"] });
  for (const status of FULFILLMENT_STATUSES) table.push([status, before[status] ?? 0, after[status] ?? 0]);
  console.log(`\norders per status\n${table.toString()}`);
  process.exitCode = exitCode;
} finally {
  await sandbox.close();
}
