/**
 * @fulfillkit/client and @fulfillkit/transitions in a real browser: esbuild bundles a page, a
 * loopback server serves it and passes API calls on to Prism, and Debian's headless chromium
 * (driven by playwright-core, never a downloaded browser) loads it.
 * Runs alone with `pnpm --filter @fulfillkit/e2e test:browser`.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createFulfillmentClient } from "@fulfillkit/client";
import { type RunningPrism, startPrism } from "@fulfillkit/testing";
import { allowedActions } from "@fulfillkit/transitions";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium } from "../src/chromium";

const FIXTURE = new URL("../fixtures/browser/", import.meta.url).pathname;
let prism: RunningPrism;
let server: Server;
let pageUrl: string;
/** The X-API-KEY of every API call that reached the loopback server. */
const seenKeys: string[] = [];

beforeAll(async () => {
  prism = await startPrism();
  const bundle = await build({
    entryPoints: [join(FIXTURE, "main.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  expect(script).not.toMatch(/from\s*["']node:/);
  server = createServer(async (req, res) => {
    if (req.url === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(readFileSync(join(FIXTURE, "index.html")));
    } else if (req.url === "/main.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    } else if (req.url?.startsWith("/v1/")) {
      // Same origin for the page and the API: the browser sends X-API-KEY without a CORS preflight.
      seenKeys.push(String(req.headers["x-api-key"]));
      const upstream = await fetch(`${prism.url}${req.url}`, {
        method: req.method,
        headers: { "x-api-key": String(req.headers["x-api-key"] ?? "") },
      });
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await prism?.stop();
});

test("the page lists orders from Prism and shows the allowed actions of one", async () => {
  // What the page must show, worked out here in Node with the same packages and the same mock.
  const client = createFulfillmentClient({ baseUrl: prism.url, apiKey: "node-side" });
  const expected = await client.orders.list({ status: ["new", "inprocess"], limit: 10 });
  const [first] = expected.items;
  if (!first) throw new Error("Prism listed no orders");

  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const apiCalls: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/v1/")) apiCalls.push(`${request.method()} ${request.url()}`);
    });
    await page.goto(pageUrl);
    await page.waitForFunction(() => document.querySelector("#status")?.textContent !== "loading…", null, {
      timeout: 20_000,
    });
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT });

    expect(await page.textContent("#status")).toBe(`loaded ${expected.items.length} of ${expected.total} orders`);
    expect(await page.locator("#orders li").allTextContents()).toEqual(
      expected.items.map((order) => `#${order.id} ${order.status} ${order.transactionType}`),
    );
    expect(await page.textContent("#selected")).toBe(`#${first.id} (${first.status})`);
    const actions = allowedActions(first);
    expect(actions.length).toBeGreaterThan(0);
    expect(await page.locator("#actions li").allTextContents()).toEqual(actions);
    // The browser itself called the API (one list request, the key in its header), and nothing failed.
    expect(apiCalls).toHaveLength(1);
    expect(apiCalls[0]).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/v1\/fulfillment\/orders\?/);
    expect(seenKeys).toEqual(["browser-demo-key"]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});
