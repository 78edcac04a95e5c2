import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, bench, describe } from "vitest";
import { createFulfillmentClient } from "../src/index";

// A minimal HTTP server on loopback answering one order; client and plain fetch run against it in the same run.
const BODY = JSON.stringify({ id: 1, status: "new", transactionType: "order", self: { href: "/" } });
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(BODY) });
  res.end(BODY);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const client = createFulfillmentClient({ baseUrl: url, apiKey: "k" });
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const quick = process.env.BENCH_QUICK === "1";
const options = quick ? { time: 300, warmupTime: 100 } : { time: 2000, warmupTime: 300 };

describe("throughput over loopback", () => {
  bench(
    "plain fetch",
    async () => {
      const response = await fetch(`${url}/v1/fulfillment/orders/1`, { headers: { "X-API-KEY": "k" } });
      await response.json();
    },
    options,
  );
  bench(
    "@fulfillkit/client orders.get",
    async () => {
      await client.orders.get(1);
    },
    options,
  );
});
