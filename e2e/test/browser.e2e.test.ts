/**
 * @fulfillkit/client and @fulfillkit/transitions in a real browser: esbuild bundles a page, a
 * loopback server serves it and passes API calls on to Prism, and Debian's headless chromium
 * (driven by playwright-core, never a downloaded browser) loads it.
 * Runs alone with `pnpm --filter @fulfillkit/e2e test:browser`.
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type RunningPrism, startPrism } from "@fulfillkit/testing";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const FIXTURE = new URL("../fixtures/browser/", import.meta.url).pathname;
let prism: RunningPrism;
let server: Server;
let pageUrl: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
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
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(pageUrl);
    await page.waitForFunction(() => document.querySelector("#status")?.textContent !== "loading…", null, {
      timeout: 20_000,
    });
    expect(await page.textContent("#status")).toMatch(/^loaded \d+ orders$/);
    const items = await page.locator("#orders li").allTextContents();
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item).toMatch(/^#-?\d+ [a-z-]+ [a-z]+$/);
    expect(await page.textContent("#actions")).toMatch(/^[a-zA-Z, ]+$/);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});
