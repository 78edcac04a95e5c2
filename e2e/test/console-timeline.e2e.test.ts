/**
 * The console's per-order timeline, its verdicts and its rehearsal coverage in Debian's headless
 * chromium (playwright-core): an order moved through the real vendor routes (one refused
 * transition, one injected fault) shows the same events, in order, from the board, from the log and
 * from a deep link, and follows new requests live; the log shows the transition verdict, a 400's
 * rule and a near-miss in full and filters refused transitions; coverage goes from "missing" to
 * "complete" after a full rehearsal; axe-core and the keyboard on the new views.
 * `COVERAGE_SCREENSHOT=<file.png>` saves the coverage view after the partial rehearsal
 * (apps/sandbox/docs/coverage.png).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type RunningSandbox, type SandboxControl, sandboxControl, startSandbox } from "@fulfillkit/sandbox";
import {
  checkTransition,
  INBOUND_TRANSACTION_TYPES,
  OUTBOUND_TRANSACTION_TYPES,
  TRANSITIONS,
} from "@fulfillkit/transitions";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchChromium } from "../src/chromium";

const KEY_A = "sandbox-key-provider-1";
const WAIT = { timeout: 30_000 };
let browser: Browser;
const pageErrors: string[] = [];

interface TimelineJson {
  orderId: number;
  dropped: number;
  events: {
    seq: number | null;
    method: string;
    path: string;
    status: number | "dropped";
    fault: string | null;
    transitionVerdict: string | null;
  }[];
}
interface CoverageJson {
  complete: boolean;
  missing: string[];
  faults: string[];
  faultKinds: string[];
  made: number;
  total: number;
}
interface LogJson {
  entries: { seq: number; path: string; status: number | "dropped"; requestVerdict: string }[];
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function openConsole(sandbox: RunningSandbox, hash = ""): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${sandbox.consoleUrl}${hash}`);
  await page.waitForSelector("body[data-ready]", WAIT);
  return page;
}

function vendor(sandbox: RunningSandbox, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    ...init,
    headers: { "X-API-KEY": KEY_A, "content-type": "application/json", ...init.headers },
  });
}

const transition = (sandbox: RunningSandbox, orderId: number, action: string) =>
  vendor(sandbox, `/v1/fulfillment/orders/${orderId}/transitions`, {
    method: "POST",
    body: JSON.stringify({ action }),
  });

async function json<T>(sandbox: RunningSandbox, path: string): Promise<T> {
  const response = await fetch(`${sandbox.url}${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function axeFindings(page: Page, include: string[]): Promise<{ id: string; impact: string }[]> {
  const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  await page.addScriptTag({ content: readFileSync(axePath, "utf8") });
  const violations = await page.evaluate(async (selectors) => {
    const axe = (
      window as unknown as {
        axe: { run(context: unknown): Promise<{ violations: { id: string; impact: string }[] }> };
      }
    ).axe;
    const result = await axe.run({ include: selectors.map((selector) => [selector]) });
    return result.violations.map(({ id, impact }) => ({ id, impact }));
  }, include);
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** The timeline table's rows as text, one object per event, in the page's order. */
function timelineRows(page: Page) {
  return page.$$eval("#timeline tbody tr", (rows) =>
    rows.map((row) => {
      const cell = (name: string) => row.querySelector(`td.${name}`)?.textContent ?? "";
      return {
        seq: (row as HTMLElement).dataset.seq,
        request: cell("request"),
        status: cell("code"),
        fault: cell("fault"),
        outcome: cell("outcome"),
        requestVerdict: cell("request-verdict"),
        responseVerdict: cell("response-verdict"),
        transitionVerdict: cell("transition-verdict"),
      };
    }),
  );
}

describe("the per-order timeline and the verdicts", () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let page: Page;
  let orderId: number;
  let refusal: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 7, orders: 40 });
    control = sandboxControl(sandbox.url);
    page = await openConsole(sandbox);
    // An order moved through the real vendor routes: a refused transition, a move, a 503, a move.
    const order = await control.createOrder({ status: "new", transactionType: "order", isPreorder: false });
    orderId = order.id;
    const check = checkTransition(order, { action: "dispatchDelivery" });
    if (check.ok) throw new Error("dispatchDelivery should be refused from new");
    refusal = check.reason;
    expect((await transition(sandbox, orderId, "dispatchDelivery")).status).toBe(409);
    expect((await transition(sandbox, orderId, "process")).status).toBe(204);
    await control.setFaults({ rate503: 1 });
    expect((await vendor(sandbox, `/v1/fulfillment/orders/${orderId}`)).status).toBe(503);
    await control.setFaults({ rate503: 0 });
    expect((await transition(sandbox, orderId, "dispatchDelivery")).status).toBe(204);
  }, 60_000);

  afterAll(async () => {
    await page?.close();
    await sandbox?.close();
  });

  const refusedText = () => `refused: ${refusal}`;

  async function expectTheOrdersEvents(): Promise<void> {
    await page.waitForFunction(
      (id) => document.querySelector<HTMLElement>("#timeline")?.dataset.orderId === String(id),
      orderId,
      WAIT,
    );
    await page.waitForFunction(() => document.querySelectorAll("#timeline tbody tr").length >= 4, null, WAIT);
    const path = `/v1/fulfillment/orders/${orderId}`;
    const rows = await timelineRows(page);
    expect(rows.map(({ request, status, fault }) => ({ request, status, fault }))).toEqual([
      { request: `POST ${path}/transitions`, status: "409", fault: "" },
      { request: `POST ${path}/transitions`, status: "204", fault: "" },
      { request: `GET ${path}`, status: "503", fault: "503" },
      { request: `POST ${path}/transitions`, status: "204", fault: "" },
    ]);
    expect(refusal).toBe(
      `order ${orderId} is new: dispatchDelivery is not possible from there; allowed now: process, cancel`,
    );
    expect(rows[0]?.transitionVerdict).toBe(refusedText());
    expect(rows[0]?.outcome).toBe(refusal);
    expect(rows[1]?.transitionVerdict).toBe("made: new --process--> inprocess");
    expect(rows[1]?.outcome).toBe("made: new --process--> inprocess");
    expect(rows[3]?.transitionVerdict).toBe("made: inprocess --dispatchDelivery--> in-delivery-outbound");
    expect(rows[2]?.responseVerdict).toMatch(/^injected fault/);
    expect(rows.map((row) => row.requestVerdict)).toEqual(["ok", "ok", "ok", "ok"]);
    // The page shows what the sandbox's timeline holds, event for event.
    const served = await json<TimelineJson>(sandbox, `/_sandbox/orders/${orderId}/timeline`);
    expect(served.dropped).toBe(0);
    expect(rows.map((row) => row.seq)).toEqual(served.events.map((event) => String(event.seq ?? "")));
    expect(await page.locator("#timeline-dropped").count()).toBe(0);
    expect(await page.textContent("#timeline-status")).toContain("in-delivery-outbound");
  }

  test("from the board: the order's events in order, with transitions, the refusal, the fault and the verdicts", async () => {
    const link = `.column[data-status="in-delivery-outbound"] li:has(.card[data-order-id="${orderId}"]) a.timeline-link`;
    await page.waitForSelector(link, WAIT);
    await page.click(link);
    await expectTheOrdersEvents();
    expect(await page.evaluate(() => window.location.hash)).toBe(`#order=${orderId}`);
    await page.waitForFunction(() => document.activeElement?.id === "timeline-section", null, WAIT);
  });

  test("from the log: the order link of the refused request opens the same timeline", async () => {
    await page.click("#timeline-close");
    await page.waitForSelector("#timeline-section[hidden]", { state: "attached", ...WAIT });
    expect(await page.evaluate(() => window.location.hash)).toBe("");
    const refused = `#log tr:has(td.path:text-is("/v1/fulfillment/orders/${orderId}/transitions"))[data-status="409"]`;
    await page.waitForSelector(refused, WAIT);
    await page.click(`${refused} td.order a`);
    await expectTheOrdersEvents();
  });

  test("from the order panel: its timeline link opens the same timeline", async () => {
    await page.click("#timeline-close");
    await page.waitForSelector("#timeline-section[hidden]", { state: "attached", ...WAIT });
    await page.click(`.card[data-order-id="${orderId}"]`);
    await page.click("#panel-timeline");
    await expectTheOrdersEvents();
  });

  test("a deep link (#order=N) opens the timeline, which follows new requests live", async () => {
    const linked = await openConsole(sandbox, `#order=${orderId}`);
    try {
      await linked.waitForFunction(() => document.querySelectorAll("#timeline tbody tr").length === 4, null, WAIT);
      expect((await timelineRows(linked)).map((row) => row.status)).toEqual(["409", "204", "503", "204"]);
      expect((await transition(sandbox, orderId, "confirmDelivery")).status).toBe(204);
      await linked.waitForFunction(() => document.querySelectorAll("#timeline tbody tr").length === 5, null, WAIT);
      const last = (await timelineRows(linked)).at(-1);
      expect(last?.transitionVerdict).toBe("made: in-delivery-outbound --confirmDelivery--> delivered-outbound");
      await linked.waitForFunction(
        () => document.querySelector("#timeline-status")?.textContent?.includes("delivered-outbound"),
        null,
        WAIT,
      );
    } finally {
      await linked.close();
    }
  });

  test("the customer's delivery request (a sandbox control) is in the timeline between the provider's requests", async () => {
    const preorder = await control.createOrder({
      status: "ready-for-delivery",
      transactionType: "order",
      isPreorder: true,
    });
    await control.requestDelivery(preorder.id);
    expect((await transition(sandbox, preorder.id, "dispatchDelivery")).status).toBe(204);
    const linked = await openConsole(sandbox, `#order=${preorder.id}`);
    try {
      await linked.waitForFunction(() => document.querySelectorAll("#timeline tbody tr").length === 2, null, WAIT);
      const [customer, provider] = await timelineRows(linked);
      expect(customer).toMatchObject({
        seq: "",
        request: `POST /_sandbox/orders/${preorder.id}/request-delivery`,
        status: "200",
      });
      expect(customer?.requestVerdict).toMatch(/^n\/a/);
      expect(customer?.transitionVerdict).toMatch(/^made: ready-for-delivery --.+--> delivery-requested-outbound$/);
      expect(provider?.transitionVerdict).toBe(
        "made: delivery-requested-outbound --dispatchDelivery--> in-delivery-outbound",
      );
    } finally {
      await linked.close();
    }
  });

  test("an unknown order's timeline says so", async () => {
    const unknown = await openConsole(sandbox, "#order=999999");
    try {
      await unknown.waitForSelector("#timeline-error", WAIT);
      expect(await unknown.textContent("#timeline-error")).toContain("404");
    } finally {
      await unknown.close();
    }
  });

  test("the log shows the transition verdict beside the spec's, a 400's rule and a near-miss in full", async () => {
    const tooMany = "/v1/fulfillment/orders?limit=5000";
    const misspelt = "/v1/fulfilment/orders";
    expect((await vendor(sandbox, tooMany)).status).toBe(400);
    expect((await vendor(sandbox, misspelt)).status).toBe(404);
    const row = (path: string, status: number) => `#log tr:has(td.path:text-is("${path}"))[data-status="${status}"]`;
    await page.waitForSelector(row(misspelt, 404), WAIT);
    const refusedRow = page.locator(row(`/v1/fulfillment/orders/${orderId}/transitions`, 409));
    expect(await refusedRow.locator("td.transition-verdict").textContent()).toBe(refusedText());
    expect(await refusedRow.locator("td.request-verdict").textContent()).toBe("ok");
    expect(await refusedRow.locator("td.response-verdict").textContent()).toBe("ok");
    expect(await refusedRow.locator("td.order").textContent()).toBe(`#${orderId}`);

    const served = await json<LogJson>(sandbox, "/_sandbox/console/requests");
    const verdictOf = (path: string) => served.entries.find((entry) => entry.path === path)?.requestVerdict;
    expect(verdictOf(tooMany)).toBe("invalid: query parameter limit = 5000: breaks the spec's rule maximum 1000");
    expect(verdictOf(misspelt)).toBe("no such operation in the spec; closest: GET /v1/fulfillment/orders");
    for (const [path, status] of [
      [tooMany, 400],
      [misspelt, 404],
    ] as const) {
      const cell = page.locator(`${row(path, status)} td.request-verdict`);
      expect(await cell.textContent()).toBe(verdictOf(path));
      // Shown whole: the cell wraps the text, it does not cut it.
      expect(await cell.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
      expect(await cell.isVisible()).toBe(true);
    }
  });

  test("the log filters refused transitions and one order", async () => {
    await page.selectOption("#log-filter-transition", "refused");
    const verdicts = await page.$$eval("#log tbody tr td.transition-verdict", (cells) =>
      cells.map((cell) => cell.textContent),
    );
    expect(verdicts).toEqual([refusedText()]);
    await page.selectOption("#log-filter-transition", "made");
    const made = await page.$$eval("#log tbody tr td.transition-verdict", (cells) =>
      cells.map((cell) => cell.textContent),
    );
    expect(made.length).toBeGreaterThanOrEqual(3);
    expect(made.every((text) => text?.startsWith("made: "))).toBe(true);
    await page.selectOption("#log-filter-transition", "");
    await page.fill("#log-filter-order", String(orderId));
    const orders = await page.$$eval("#log tbody tr td.order", (cells) => cells.map((cell) => cell.textContent));
    expect(orders.length).toBe(5);
    expect(new Set(orders)).toEqual(new Set([`#${orderId}`]));
    await page.fill("#log-filter-order", "");
  });

  test("the timeline is reached and closed with the keyboard, and axe-core finds nothing serious in it", async () => {
    await page.fill("#filter-search", String(orderId));
    await page.focus(`.card[data-order-id="${orderId}"]`);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("href"))).toBe(`#order=${orderId}`);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "timeline-section", null, WAIT);
    await page.waitForFunction(() => document.querySelectorAll("#timeline tbody tr").length === 5, null, WAIT);
    expect(await axeFindings(page, ["#timeline-section", "#log-section", "#coverage-section", "#board"])).toEqual([]);
    let reachedClose = false;
    for (let i = 0; i < 10 && !reachedClose; i++) {
      await page.keyboard.press("Tab");
      reachedClose = await page.evaluate(() => document.activeElement?.id === "timeline-close");
    }
    expect(reachedClose).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#timeline-section[hidden]", { state: "attached", ...WAIT });
    await page.fill("#filter-search", "");
    expect(pageErrors).toEqual([]);
  });
});

describe("the coverage view", () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let page: Page;
  const coverage = () => json<CoverageJson>(sandbox, "/_sandbox/coverage?providerId=1");

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 11, orders: 20 });
    control = sandboxControl(sandbox.url);
    page = await openConsole(sandbox);
  }, 60_000);

  afterAll(async () => {
    await page?.close();
    await sandbox?.close();
  });

  /** Moves a fresh order of a kind the row allows through the row, by the vendor API. */
  async function makeRow(row: (typeof TRANSITIONS)[number]): Promise<void> {
    const kind = [...OUTBOUND_TRANSACTION_TYPES, ...INBOUND_TRANSACTION_TYPES].find(
      (transactionType) =>
        checkTransition({ status: row.from, transactionType, isPreorder: false }, { action: row.action }).ok,
    );
    if (!kind) throw new Error(`no kind of order may take ${row.from} --${row.action}-->`);
    const order = await control.createOrder({ status: row.from, transactionType: kind, isPreorder: false });
    expect((await transition(sandbox, order.id, row.action)).status).toBe(204);
  }

  /** Sends GETs with `settings` until coverage lists `kind` (a drop or slow apply varies by draw). */
  async function meetFault(kind: string, settings: Record<string, number>, send = sendOne): Promise<void> {
    await control.setFaults(settings);
    for (let attempt = 0; attempt < 20 && !(await coverage()).faults.includes(kind); attempt++) {
      await send().catch(() => {
        // A dropped connection rejects the fetch: that is the fault being rehearsed.
      });
    }
    await control.setFaults(Object.fromEntries(Object.keys(settings).map((key) => [key, 0])));
    expect((await coverage()).faults).toContain(kind);
  }
  const sendOne = () => vendor(sandbox, "/v1/fulfillment/orders/1");

  test("after a partial rehearsal the headline names what is missing; after a full one it says complete", async () => {
    const PARTIAL = 4;
    for (const row of TRANSITIONS.slice(0, PARTIAL)) await makeRow(row);
    await meetFault("503", { rate503: 1 });
    const done = await control.createOrder({ status: "cancelled", transactionType: "order", isPreorder: false });
    expect((await transition(sandbox, done.id, "process")).status).toBe(409);
    const partial = await coverage();
    expect(partial.complete).toBe(false);
    await page.waitForFunction(
      () => document.querySelector("#coverage-headline")?.textContent?.includes("missing"),
      null,
      WAIT,
    );
    await page.waitForSelector('#coverage-faults li[data-fault="503"][data-met="true"]', WAIT);
    expect(await page.getAttribute("#coverage-headline", "data-complete")).toBe("false");
    expect(await page.$$eval("#coverage-headline li", (items) => items.map((item) => item.textContent))).toEqual(
      partial.missing,
    );
    expect(await page.textContent("#coverage-headline p")).toBe(
      `${partial.missing.length} missing before the rehearsal is complete:`,
    );
    await page.waitForSelector('#coverage-refusals li[data-met="true"]', WAIT);
    expect(await page.locator('#coverage-rows li[data-made="true"]').count()).toBe(PARTIAL);
    expect(await page.locator('#coverage-rows li[data-made="false"]').count()).toBe(TRANSITIONS.length - PARTIAL);
    expect(await page.locator("#coverage-faults li").count()).toBe(partial.faultKinds.length);
    expect(partial.faultKinds).toContain("timeout");
    expect(await axeFindings(page, ["#coverage-section"])).toEqual([]);
    if (process.env.COVERAGE_SCREENSHOT) {
      await page.locator("#coverage-section").screenshot({ path: process.env.COVERAGE_SCREENSHOT });
    }

    for (const row of TRANSITIONS.slice(PARTIAL)) await makeRow(row);
    await meetFault("429", { rate429: 1 });
    await meetFault("504-after-apply", { rate504AfterApply: 1 });
    await meetFault("drop", { rateDrop: 1 });
    await meetFault("slow-apply", { rateSlowApply: 1, slowApplyMs: 50 });
    // The client gives up before the (delayed) answer: a timeout, no drop injected.
    await meetFault("timeout", { latencyMs: 5_000 }, () =>
      fetch(`${sandbox.url}/v1/fulfillment/orders/1`, {
        headers: { "X-API-KEY": KEY_A },
        signal: AbortSignal.timeout(200),
      }),
    );
    const full = await coverage();
    expect(full).toMatchObject({ complete: true, missing: [], made: full.total });
    await page.waitForSelector('#coverage-headline[data-complete="true"]', WAIT);
    expect(await page.textContent("#coverage-headline")).toBe(
      `Rehearsal complete: all ${full.total} table rows made and all ${full.faultKinds.length} fault kinds met.`,
    );
    expect(await page.locator('#coverage-rows li[data-made="false"]').count()).toBe(0);
    expect(await page.locator('#coverage-faults li[data-met="false"]').count()).toBe(0);
    expect(await axeFindings(page, ["#coverage-section"])).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
