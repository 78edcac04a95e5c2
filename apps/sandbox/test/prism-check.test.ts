import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type RunningPrism, startPrism } from "@fulfillkit/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { seedOrders } from "../src/index";

// The other files trust "Prism reported no violation" (`prism.violations()` is empty) as the
// proof that the sandbox keeps to the spec. These negative controls show that the same count
// catches each kind of break, through the same `prism proxy --errors`, from a deliberately
// broken upstream on loopback. Each answer is a valid list but for one break.
const order = seedOrders({ seed: 1, orders: 1 })[0]?.order;
const validList = () => ({
  items: [structuredClone(order)],
  total: 1,
  self: { href: "/v1/fulfillment/orders?offset=0&limit=100", method: "GET" },
});
const valid = () => ({ status: 200, body: validList() as unknown });
const ANSWERS: Record<string, () => { status: number; body: unknown }> = {
  valid,
  "undeclared-status": () => ({ status: 404, body: { errorCode: "not-found", errorDescription: "gone", data: null } }),
  "wrong-type": () => ({ status: 200, body: { ...validList(), total: "1" } }),
  "missing-required": () => {
    const list = validList();
    delete (list.items[0] as { status?: unknown }).status;
    return { status: 200, body: list };
  },
};

const upstream = createServer((request, response) => {
  const kind = new URL(request.url ?? "/", "http://x").searchParams.get("order") ?? "";
  const { status, body } = (ANSWERS[kind] ?? valid)();
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
});
let prism: RunningPrism;
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const { port } = upstream.address() as AddressInfo;
  prism = await startPrism({ mode: "proxy", upstream: `http://127.0.0.1:${port}`, errors: true });
});
afterAll(async () => {
  await prism?.stop();
  upstream.close();
});

// `order` is a query parameter of the list: the broken upstream reads which break to answer from it.
const get = (kind: string) =>
  fetch(`${prism.url}/v1/fulfillment/orders?order=${kind}`, { headers: { "X-API-KEY": "k" } }).then(async (r) => ({
    status: r.status,
    text: await r.text(),
  }));

describe("prism proxy --errors: every kind of break is counted", () => {
  test("a valid answer: no violation (the count is not always positive)", async () => {
    const answer = await get("valid");
    expect(answer.status).toBe(200);
    // One more request after it: once its line is in, the first one's would be too.
    await get("valid");
    await expect.poll(() => prism.output().split("Request received").length - 1, { timeout: 10_000 }).toBe(2);
    expect(prism.violations()).toEqual([]);
  });

  test.each([
    // Prism passes an undeclared status through, even with --errors, and only warns:
    // a check of the status code alone (or of "VIOLATIONS" in upper case) misses it.
    ["undeclared-status", 404, /warning\s+Violation: response Unable to match the returned status code/],
    ["wrong-type", 500, /errors#VIOLATIONS/],
    ["missing-required", 500, /errors#VIOLATIONS/],
  ] as const)("%s", async (kind, status, line) => {
    const before = prism.violations().length;
    expect((await get(kind)).status).toBe(status);
    await expect.poll(() => prism.violations().length, { timeout: 10_000 }).toBe(before + 1);
    expect(prism.violations().at(-1)).toMatch(line);
  });
});
