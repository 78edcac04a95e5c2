/**
 * The cost of the console: the sandbox's throughput with the request log recording and a console
 * open (an SSE client reading every push), against the same sandbox with the console off, in the
 * same run: short runs alternate between the two, and the ratio is the median of each adjacent
 * pair's, so that load from elsewhere on the machine hits both sides alike. BENCH_SECONDS sets
 * each run's length (default 3). Goal: ≥ 0.9×.
 */
import autocannon from "autocannon";
import { type RunningSandbox, startSandbox } from "../src/index";

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const headers = { "X-API-KEY": "sandbox-key-provider-1" };

async function requestsPerSecond(url: string): Promise<number> {
  const result = await autocannon({ url, headers, connections: 10, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

/** A console's live stream, read to the end like the page does. */
async function openConsole(sandbox: RunningSandbox): Promise<{ pushes: () => number; close: () => void }> {
  const abort = new AbortController();
  const response = await fetch(`${sandbox.url}/_sandbox/console/events`, { signal: abort.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let pushes = 0;
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        pushes += new TextDecoder().decode(value).split("event: requests").length - 1;
      }
    } catch {
      // aborted
    }
  })();
  return { pushes: () => pushes, close: () => abort.abort() };
}

const without = await startSandbox({ orders: 200, console: false });
const withConsole = await startSandbox({ orders: 200 });
const page = await openConsole(withConsole);
try {
  const rows = [];
  for (const [name, path] of [
    ["GET list (limit 20)", "/v1/fulfillment/orders?limit=20"],
    ["GET one", "/v1/fulfillment/orders/1"],
  ] as const) {
    const offs: number[] = [];
    const ons: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which side goes first, so that neither always runs on a warmer machine.
      const first = round % 2 === 0 ? without : withConsole;
      const a = await requestsPerSecond(`${first.url}${path}`);
      const b = await requestsPerSecond(`${(first === without ? withConsole : without).url}${path}`);
      const [off, on] = first === without ? [a, b] : [b, a];
      offs.push(off);
      ons.push(on);
      ratios.push(on / off);
    }
    rows.push({
      request: name,
      "console off req/s": Math.round(median(offs)),
      "console open, log recording req/s": Math.round(median(ons)),
      "ratio (median of pairs)": `${median(ratios).toFixed(2)}×`,
    });
  }
  console.table(rows);
  console.log(`console pushes received: ${page.pushes()}; goal: ratio ≥ 0.9×`);
} finally {
  page.close();
  await withConsole.close();
  await without.close();
}
