/**
 * The worker's request rate (requests the sandbox received per second of `runWorker`) against the
 * sandbox's capacity on GET one, measured with autocannon in the same run. Goal: ≥ 0.7.
 */
import { createFulfillmentClient } from "@fulfillkit/client";
import { startSandbox } from "@fulfillkit/sandbox";
import autocannon from "autocannon";
import { runWorker } from "../src/worker/run";

const orders = Number(process.env.BENCH_ORDERS ?? 1000);
const sandbox = await startSandbox({ seed: 3, orders });
try {
  const client = createFulfillmentClient({ baseUrl: sandbox.url, apiKey: "sandbox-key-provider-1" });
  // A warm-up run, then the same orders again from a reset sandbox for the measured run.
  await runWorker({ client, concurrency: 8 });
  await fetch(`${sandbox.url}/_sandbox/reset`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ seed: 3, orders }),
  });
  const started = performance.now();
  const summary = await runWorker({ client, concurrency: 8 });
  const seconds = (performance.now() - started) / 1000;
  const { total } = (await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()) as { total: number };
  const worker = total / seconds;

  const capacity = await autocannon({
    url: `${sandbox.url}/v1/fulfillment/orders/1`,
    headers: { "X-API-KEY": "sandbox-key-provider-1" },
    connections: 8,
    duration: Number(process.env.BENCH_SECONDS ?? 3),
  });
  console.table([
    {
      "worker req/s": Math.round(worker),
      "sandbox capacity req/s (GET one, autocannon)": Math.round(capacity.requests.average),
      ratio: (worker / capacity.requests.average).toFixed(2),
      transitions: summary.transitions,
    },
  ]);
  console.log("goal: ratio ≥ 0.7");
} finally {
  await sandbox.close();
}
