/**
 * `pnpm demo`: a sandbox of the API on a free port with seeded orders, `fulfill run` against it, the
 * orders per status before and after. Then the customer asks for the preorders that wait, a second
 * `fulfill run` ships them, and the sandbox stops. Exits with the worst exit code of the two runs.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { FULFILLMENT_STATUSES, type FulfillmentStatus } from "@fulfillkit/core";
import { sandboxControl, startSandbox } from "@fulfillkit/sandbox";
import { connect } from "./connect";
import { statusCountsTable } from "./format";

const ORDERS = 200;
const SEED = 1;
/** The built `fulfill` (`pnpm demo` builds it first). */
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

const sandbox = await startSandbox({ port: 0, seed: SEED, orders: ORDERS });
const [provider] = sandbox.providers;
let exitCode = 0;
try {
  if (!provider) throw new Error("the sandbox has no provider");
  const env = { EQUIPME_BASE_URL: sandbox.url, EQUIPME_API_KEY: provider.apiKey };

  /** Runs the real `fulfill` command line, as you would type it. */
  const fulfill = (...args: string[]): Promise<number> => {
    console.log(`\n$ fulfill ${args.join(" ")}`);
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        stdio: "inherit",
        env: { ...process.env, ...env },
      });
      child.once("exit", (code) => resolve(code ?? 1));
    });
  };
  const control = sandboxControl(sandbox.url);
  const countsPerStatus = async (): Promise<Partial<Record<FulfillmentStatus, number>>> =>
    (await control.stats(provider.providerId)).byStatus;

  const before = await countsPerStatus();
  const total = Object.values(before).reduce((a, b) => a + b, 0);
  console.log(`The Equipme sandbox runs on ${sandbox.url} with ${ORDERS} seeded orders.`);
  console.log(`You are provider "${provider.providerName}" (its sandbox key is set for you), with ${total} of them.`);

  exitCode = Math.max(exitCode, await fulfill("run"));
  const afterRun = await countsPerStatus();

  // Play the customer: ask for delivery of every preorder that waits in ready-for-delivery.
  const client = connect({ baseUrl: sandbox.url, apiKey: provider.apiKey });
  let requested = 0;
  for await (const order of client.orders.listAll({ status: ["ready-for-delivery"] })) {
    if (!order.isPreorder) continue;
    await control.requestDelivery(order.id);
    requested++;
  }
  console.log(`\nThe customers ask for delivery of the ${requested} preorders waiting in ready-for-delivery.`);
  exitCode = Math.max(exitCode, await fulfill("run"));
  const afterRequests = await countsPerStatus();

  console.log("\nOrders per status");
  console.log(
    statusCountsTable(FULFILLMENT_STATUSES, [
      { title: "before", counts: before },
      { title: "after fulfill run", counts: afterRun },
      { title: "after the requests and a second run", counts: afterRequests },
    ]),
  );
  console.log(
    "\nWatch it move: `pnpm sandbox` keeps a sandbox running, its console at http://127.0.0.1:4020/_sandbox/console;\nthen `fulfill run` in another terminal (apps/reference/README.md), and watch the board and the request log.",
  );
} finally {
  await sandbox.close();
}
process.exitCode = exitCode;
