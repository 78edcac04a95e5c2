import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startPrism } from "@fulfillkit/testing";
import { expect, test } from "vitest";

// The other files trust "no VIOLATIONS in Prism's output" as the proof of spec-faithfulness;
// this shows that the same check does catch an upstream that breaks the spec.
test("prism proxy --errors reports an upstream answer that violates the spec", async () => {
  const upstream = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ items: [{ id: "not-a-number" }], bogus: true }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const prism = await startPrism({
    mode: "proxy",
    upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    errors: true,
  });
  try {
    const response = await fetch(`${prism.url}/v1/fulfillment/orders`, { headers: { "X-API-KEY": "k" } });
    expect(response.status).toBe(500);
    await expect.poll(() => prism.output(), { timeout: 5_000 }).toMatch(/VIOLATIONS/);
  } finally {
    await prism.stop();
    upstream.close();
  }
});
