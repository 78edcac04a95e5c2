/**
 * GET list and GET one: the sandbox's throughput against `prism mock` on the same spec, in the
 * same run, with autocannon on loopback. BENCH_SECONDS sets each run's length (default 3).
 */
import { startPrism } from "@fulfillkit/testing";
import autocannon from "autocannon";
import { startSandbox } from "../src/index";

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const headers = { "X-API-KEY": "sandbox-key-provider-1" };

async function requestsPerSecond(url: string): Promise<number> {
  const result = await autocannon({ url, headers, connections: 10, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const sandbox = await startSandbox({ orders: 200 });
const prism = await startPrism({ mode: "mock" });
try {
  const rows = [];
  // Prism's static mock answers a list with one generated order whatever the limit, so the
  // like-for-like list comparison is limit=1; limit=20 shows the sandbox on a real page.
  for (const [name, path] of [
    ["GET list (limit 1, same payload)", "/v1/fulfillment/orders?limit=1"],
    ["GET list (limit 20)", "/v1/fulfillment/orders?limit=20"],
    [
      "GET list (limit 20, 4 validated filters)",
      "/v1/fulfillment/orders?limit=20&status=new&status=inprocess&after=2026-01-01T00:00:00Z&sortBy=customer",
    ],
    ["GET one", "/v1/fulfillment/orders/1"],
  ] as const) {
    const ours = await requestsPerSecond(`${sandbox.url}${path}`);
    const theirs = await requestsPerSecond(`${prism.url}${path}`);
    rows.push({
      request: name,
      "sandbox req/s": Math.round(ours),
      "prism mock req/s": Math.round(theirs),
      ratio: `${(ours / theirs).toFixed(1)}×`,
    });
  }
  console.table(rows);
  console.log("goal: sandbox ≥ 5× prism mock");
} finally {
  await prism.stop();
  await sandbox.close();
}
