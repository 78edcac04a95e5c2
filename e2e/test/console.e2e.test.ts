/**
 * The sandbox console in Debian's headless chromium (playwright-core, never a downloaded browser):
 * the board against /_sandbox/stats, a real transition from the order panel, a refusal that sends
 * nothing, injected faults in the request log, tenant isolation, the flow picture, axe-core and
 * the keyboard. Runs alone with `pnpm --filter @fulfillkit/e2e test:console`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { FULFILLMENT_STATUSES } from "@fulfillkit/core";
import { type RunningSandbox, type SandboxControl, sandboxControl, startSandbox } from "@fulfillkit/sandbox";
import { checkTransition, TRANSITIONS, toMermaid } from "@fulfillkit/transitions";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium } from "../src/chromium";

const KEY_A = "sandbox-key-provider-1";
const WAIT = { timeout: 30_000 };
let sandbox: RunningSandbox;
let control: SandboxControl;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5, orders: 120 });
  control = sandboxControl(sandbox.url);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(sandbox.consoleUrl);
  await page.waitForSelector("body[data-ready]", WAIT);
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

const card = (status: string, id: number) => `.column[data-status="${status}"] .card[data-order-id="${id}"]`;
const logRow = (path: string, status: number | string) =>
  `#log tr:has(td.path:text-is("${path}"))[data-status="${status}"]`;

async function boardCounts(): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>(".column")].map((column) => [
        column.dataset.status,
        Number(column.querySelector<HTMLElement>(".count")?.dataset.count),
      ]),
    ),
  );
}

test("the board's counts equal /_sandbox/stats for the tenant", async () => {
  const stats = await control.stats(1);
  const counts = await boardCounts();
  expect(Object.keys(counts)).toEqual([...FULFILLMENT_STATUSES]);
  expect(counts).toEqual(stats.byStatus);
});

test("process on a new order: it moves column and its request is in the log with 204", async () => {
  const order = await control.createOrder({ status: "new", transactionType: "order" });
  await page.waitForSelector(card("new", order.id), WAIT);
  await page.click(card("new", order.id));
  await page.click('#panel button[data-action="process"]');
  await page.waitForSelector(card("inprocess", order.id), WAIT);
  expect(await page.locator(card("new", order.id)).count()).toBe(0);
  await page.waitForSelector(logRow(`/v1/fulfillment/orders/${order.id}/transitions`, 204), WAIT);
  expect(await page.textContent("#action-result")).toBe("process: 204");
  await page.waitForSelector('#coverage li[data-row="new process"][data-made="true"]', WAIT);
  expect(await boardCounts()).toEqual((await control.stats(1)).byStatus);
});

test("a refused action shows the validator's reason and sends nothing", async () => {
  const order = await control.createOrder({ status: "new", transactionType: "order" });
  await page.waitForSelector(card("new", order.id), WAIT);
  await page.click(card("new", order.id));
  const sent: string[] = [];
  const onRequest = (request: { url(): string }) => {
    if (new URL(request.url()).pathname.startsWith("/v1/")) sent.push(request.url());
  };
  page.on("request", onRequest);
  const before = (await control.requests()).total;
  await page.click('#panel button[data-action="confirmDelivery"]');
  const refusal = checkTransition(order, { action: "confirmDelivery" });
  if (refusal.ok) throw new Error("confirmDelivery should be refused from new");
  expect(await page.textContent("#action-result")).toBe(`confirmDelivery refused, nothing sent: ${refusal.reason}`);
  expect(await page.textContent("#reason-confirmDelivery")).toBe(refusal.reason);
  page.off("request", onRequest);
  expect(sent).toEqual([]);
  expect((await control.requests()).total).toBe(before);
  expect(await page.locator(card("new", order.id)).count()).toBe(1);
});

test("with a 503 rate set in the console, the failed requests show in the log", async () => {
  await page.fill("#fault-rate503", "1");
  await page.click("#apply-faults");
  await expect.poll(async () => (await control.setFaults({})).rate503, WAIT).toBe(1);
  for (let i = 0; i < 3; i++) {
    const response = await fetch(`${sandbox.url}/v1/fulfillment/orders/${i + 1}`, { headers: { "X-API-KEY": KEY_A } });
    expect(response.status).toBe(503);
  }
  await page.waitForSelector(logRow("/v1/fulfillment/orders/3", 503), WAIT);
  const row = page.locator(logRow("/v1/fulfillment/orders/3", 503));
  expect(await row.locator("td.fault").textContent()).toBe("503");
  await page.fill("#fault-rate503", "0");
  await page.click("#apply-faults");
  await expect.poll(async () => (await control.setFaults({})).rate503, WAIT).toBe(0);
});

test("the log filters by status, holds new entries while paused, and clears", async () => {
  await page.selectOption("#log-filter-status", "5xx");
  const statuses = await page.$$eval("#log tbody tr", (rows) => rows.map((row) => (row as HTMLElement).dataset.status));
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(["503"]));
  await page.selectOption("#log-filter-status", "");

  await page.click("#log-pause");
  const shown = await page.locator("#log tbody tr").count();
  const path = "/v1/fulfillment/orders?limit=3";
  expect((await fetch(`${sandbox.url}${path}`, { headers: { "X-API-KEY": KEY_A } })).status).toBe(200);
  await page.waitForFunction(
    () => document.querySelector("#log-held")?.textContent === "1 new while paused",
    null,
    WAIT,
  );
  expect(await page.locator("#log tbody tr").count()).toBe(shown);
  await page.click("#log-pause");
  await page.waitForSelector(logRow(path, 200), WAIT);

  await page.click("#log-clear");
  await page.waitForFunction(() => document.querySelectorAll("#log tbody tr").length === 0, null, WAIT);
  const log = (await (await fetch(`${sandbox.url}/_sandbox/console/requests`)).json()) as { total: number };
  expect(log.total).toBe(0);
});

test("a log smaller than the traffic says how many requests it dropped", async () => {
  const small = await startSandbox({ seed: 5, orders: 20, requestLogSize: 3 });
  const smallPage = await browser.newPage();
  try {
    await smallPage.goto(small.consoleUrl);
    await smallPage.waitForSelector("body[data-ready]", WAIT);
    for (let i = 0; i < 5; i++)
      await fetch(`${small.url}/v1/fulfillment/orders?limit=1`, { headers: { "X-API-KEY": KEY_A } });
    await smallPage.waitForFunction(
      () => document.querySelector("#log-status")?.textContent === "5 requests recorded, 2 oldest dropped from the log",
      null,
      WAIT,
    );
    expect(await smallPage.locator('#log tbody tr[data-seq="5"]').count()).toBe(1);
  } finally {
    await smallPage.close();
    await small.close();
  }
});

test("after switching tenant, no order of the other provider is visible", async () => {
  const ownedBy = (providerId: number) =>
    new Set([...sandbox.store.orders.values()].filter((s) => s.providerId === providerId).map((s) => s.order.id));
  await page.selectOption("#tenant", "2");
  await page.waitForFunction(
    (ids) => {
      const shown = [...document.querySelectorAll<HTMLElement>(".card")].map((c) => Number(c.dataset.orderId));
      return shown.length > 0 && shown.every((id) => ids.includes(id));
    },
    [...ownedBy(2)],
    WAIT,
  );
  const shown = await page.$$eval(".card", (cards) => cards.map((c) => Number((c as HTMLElement).dataset.orderId)));
  const providerOne = ownedBy(1);
  expect(shown.filter((id) => providerOne.has(id))).toEqual([]);
  expect(await boardCounts()).toEqual((await control.stats(2)).byStatus);
  await page.selectOption("#tenant", "1");
  await page.waitForFunction(
    (ids) => [...document.querySelectorAll<HTMLElement>(".card")].every((c) => ids.includes(Number(c.dataset.orderId))),
    [...providerOne],
    WAIT,
  );
});

test("the flow picture renders one edge per table row, the order's status highlighted", async () => {
  const [first] = [...sandbox.store.orders.values()].filter((s) => s.providerId === 1 && s.order.status === "new");
  if (!first) throw new Error("no new order of provider 1");
  await page.click(card("new", first.order.id));
  await page.waitForSelector("#diagram svg", WAIT);
  const edgeLines = toMermaid()
    .split("\n")
    .filter((line) => line.includes("-->"));
  // Every line with an arrow is an edge: the table's rows, the customer's request, start and ends.
  expect(await page.locator("#diagram svg path.transition").count()).toBe(edgeLines.length);
  const labels = await page.$$eval("#diagram svg .edgeLabel", (elements) =>
    elements.filter((e) => !e.parentElement?.closest(".edgeLabel") && e.textContent?.trim()).map((e) => e.textContent),
  );
  expect(labels).toHaveLength(TRANSITIONS.length + 1);
  expect(await page.locator("#diagram svg g.current").count()).toBe(1);
  expect(await page.locator("#diagram svg g.current").textContent()).toBe("new");
  expect(await page.locator("#diagram svg g.next").allTextContents()).toEqual(
    expect.arrayContaining(["inprocess", "cancelled"]),
  );
});

test("axe-core finds no serious or critical accessibility violation", async () => {
  const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  await page.addScriptTag({ content: readFileSync(axePath, "utf8") });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } })
      .axe;
    const result = await axe.run();
    return result.violations.map(({ id, impact }) => ({ id, impact }));
  });
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});

test("every control is reachable by keyboard", async () => {
  // Narrow the board, so that the walk is short, then Tab through the whole page once.
  await page.fill("#filter-search", String(sandbox.store.orders.size));
  const total = await page.evaluate(() => {
    // Controls inside a closed <details> (the code snippets) are reached by opening it.
    const focusable = [
      ...document.querySelectorAll<HTMLElement>("button, select, input, summary, a[href], textarea"),
    ].filter((element) => element.checkVisibility());
    focusable.forEach((element, index) => {
      element.dataset.kb = String(index);
    });
    return focusable.length;
  });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const reached = new Set<string>();
  for (let i = 0; i < total + 5; i++) {
    await page.keyboard.press("Tab");
    const mark = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.kb);
    if (mark !== undefined) reached.add(mark);
  }
  expect(reached.size).toBe(total);
  if (process.env.CONSOLE_SCREENSHOT) {
    await page.fill("#filter-search", "");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: process.env.CONSOLE_SCREENSHOT });
  }
  expect(pageErrors).toEqual([]);
});
