import { consoleApi, type LogPage, type RequestSummary } from "./api";
import { byId, h } from "./dom";
import { logFilters, matchesLogFilters, renderLogTools } from "./log-filters";
import { curlFor } from "./snippets";
import { LOG_ROWS, state } from "./state";
import { verdictText } from "./verdict";

/** While paused, pushed entries wait here and the table stands still. */
let paused = false;
let held: LogPage[] = [];

const time = (at: number) => new Date(at).toISOString().slice(11, 23);
const tenantName = (providerId: number | null) =>
  providerId === null
    ? "—"
    : (state.tenants.find((t) => t.providerId === providerId)?.providerName ?? String(providerId));

function verdictCell(kind: string, text: string | null) {
  return h("td", { class: `verdict ${kind}` }, verdictText(text));
}

/** A link to the order's timeline (`#order=42`), or a dash when the request named no order. */
export function timelineLink(orderId: number | null) {
  if (orderId === null) return "—";
  return h(
    "a",
    { href: `#order=${orderId}`, class: "timeline-link", "aria-label": `Timeline of order ${orderId}` },
    `#${orderId}`,
  );
}

async function showDetail(seq: number): Promise<void> {
  const target = byId("log-detail");
  try {
    const entry = await consoleApi.request(seq);
    target.replaceChildren(
      h("h3", {}, `Request ${entry.seq}: ${entry.method} ${entry.path} → ${entry.status}`),
      h("p", {}, `X-API-KEY: ${entry.maskedKey ?? "(none)"}`),
      h(
        "dl",
        { class: "details", id: "log-detail-verdicts" },
        h("dt", {}, "Order"),
        h("dd", {}, timelineLink(entry.orderId)),
        h("dt", {}, "Request verdict"),
        h("dd", {}, entry.requestVerdict),
        h("dt", {}, "Response verdict"),
        h("dd", {}, entry.responseVerdict),
        h("dt", {}, "Transition verdict"),
        h("dd", {}, entry.transitionVerdict ?? "—"),
        h("dt", {}, "Why"),
        h("dd", {}, entry.reason ?? "—"),
      ),
      h("pre", { id: "log-detail-curl" }, curlFor(window.location.origin, entry)),
      h(
        "button",
        {
          type: "button",
          onclick: () =>
            navigator.clipboard.writeText(curlFor(window.location.origin, entry)).catch(() => {
              // The text stays selectable in the <pre> above.
            }),
        },
        "Copy as curl",
      ),
      h("h4", {}, "Request body"),
      h("pre", {}, pretty(entry.requestBody)),
      h("h4", {}, "Response body"),
      h(
        "pre",
        {},
        entry.bodiesDropped
          ? "(no longer kept: only the newest requests keep their bodies)"
          : entry.responseBody === null && entry.responseLength > 0
            ? `(not kept: ${entry.responseLength} characters; a long successful GET is what GET returns again)`
            : pretty(entry.responseBody),
      ),
    );
  } catch (error) {
    target.replaceChildren(h("p", {}, (error as Error).message));
  }
}

function pretty(body: string | null): string {
  if (body === null || body === "") return "(empty)";
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** Prepends entries pushed by the server, newest first, keeping the newest LOG_ROWS. */
export function addEntries(page: LogPage): void {
  if (paused) {
    held.push(page);
    byId("log-held").textContent = `${held.reduce((n, p) => n + p.entries.length, 0)} new while paused`;
    return;
  }
  const known = new Set(state.log.map((entry) => entry.seq));
  const fresh = page.entries.filter((entry) => !known.has(entry.seq));
  state.log = [...fresh, ...state.log].sort((a, b) => b.seq - a.seq).slice(0, LOG_ROWS);
  state.logTotal = page.total;
  state.logDropped = page.dropped;
}

function row(entry: RequestSummary) {
  const failed = entry.status === "dropped" || entry.status >= 400;
  return h(
    "tr",
    { class: failed ? "failed" : "", "data-seq": entry.seq, "data-status": entry.status },
    h(
      "td",
      {},
      h(
        "button",
        { class: "link", onclick: () => showDetail(entry.seq), "aria-label": `Bodies of request ${entry.seq}` },
        String(entry.seq),
      ),
    ),
    h("td", {}, time(entry.at)),
    h("td", {}, tenantName(entry.providerId)),
    h("td", {}, entry.method),
    h("td", { class: "path" }, entry.path),
    h("td", { class: "order" }, timelineLink(entry.orderId)),
    h("td", { class: "code" }, String(entry.status)),
    h("td", {}, `${entry.latencyMs} ms`),
    h("td", { class: "fault" }, entry.fault ?? ""),
    verdictCell("request-verdict", entry.requestVerdict),
    verdictCell("response-verdict", entry.responseVerdict),
    verdictCell("transition-verdict", entry.transitionVerdict),
    h("td", { class: "reason" }, entry.reason ?? ""),
  );
}

export function setUpLogTools(): void {
  renderLogTools({
    onChange: renderLog,
    onPause: () => {
      paused = !paused;
      if (!paused) {
        const pages = held;
        held = [];
        byId("log-held").textContent = "";
        for (const page of pages) addEntries(page);
        renderLog();
      }
      return paused;
    },
    onClear: async () => {
      await consoleApi.clearRequests();
      state.log = [];
      state.logTotal = 0;
      state.logDropped = 0;
      held = [];
      renderLog();
    },
  });
}

export function renderLog(): void {
  if (paused) return;
  byId("log-status").textContent =
    `${state.logTotal} ${state.logTotal === 1 ? "request" : "requests"} recorded` +
    (state.logDropped > 0 ? `, ${state.logDropped} oldest dropped from the log` : "");
  const head = [
    "#",
    "time",
    "tenant",
    "method",
    "path",
    "order",
    "status",
    "latency",
    "fault",
    "request verdict",
    "response verdict",
    "transition verdict",
    "why",
  ];
  byId("log").replaceChildren(
    h(
      "table",
      { "aria-labelledby": "log-title" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          head.map((title) => h("th", { scope: "col" }, title)),
        ),
      ),
      h("tbody", {}, state.log.filter((entry) => matchesLogFilters(entry, logFilters)).map(row)),
    ),
  );
}
