import { consoleApi, type Timeline, type TimelineEvent } from "./api";
import { coalesced } from "./coalesce";
import { byId, h } from "./dom";
import { verdictText } from "./verdict";

/** The order a URL's hash names (`#order=42`), so that a timeline can be linked to and bookmarked. */
export function orderInHash(hash: string): number | undefined {
  const match = /^#order=(\d+)$/.exec(hash);
  return match ? Number(match[1]) : undefined;
}

/** The order whose timeline is open, if any. */
let openOrder: number | undefined;

/** The timeline's section, made on first use just before the request log. */
function section(): HTMLElement {
  const existing = document.getElementById("timeline-section");
  if (existing) return existing;
  const made = h("section", {
    id: "timeline-section",
    class: "timeline-section",
    "aria-labelledby": "timeline-title",
    tabindex: -1,
    hidden: true,
  });
  byId("log-section").before(made);
  return made;
}

const time = (at: number) => new Date(at).toISOString().slice(11, 23);
const arrow = (t: { from: string; action: string; to: string }) => `${t.from} --${t.action}--> ${t.to}`;

/** What the request did to the order: the transition it made, or why it was refused. */
function outcome(event: TimelineEvent): string {
  if (event.transition) return `made: ${arrow(event.transition)}`;
  if (event.reason) return event.reason;
  return "—";
}

function eventRow(event: TimelineEvent, index: number) {
  const failed = event.status === "dropped" || event.status >= 400;
  return h(
    "tr",
    {
      class: failed ? "failed" : "",
      "data-seq": event.seq ?? "",
      "data-status": event.status,
      "data-method": event.method,
    },
    h("td", {}, String(index + 1)),
    h("td", {}, event.seq === null ? "—" : String(event.seq)),
    h("td", {}, time(event.at)),
    h("td", { class: "request" }, `${event.method} ${event.path}`),
    h("td", { class: "code" }, String(event.status)),
    h("td", { class: "fault" }, event.fault ?? ""),
    h("td", { class: "outcome" }, outcome(event)),
    h("td", { class: "verdict request-verdict" }, verdictText(event.requestVerdict)),
    h("td", { class: "verdict response-verdict" }, verdictText(event.responseVerdict)),
    h("td", { class: "verdict transition-verdict" }, verdictText(event.transitionVerdict)),
  );
}

function closeButton() {
  return h(
    "button",
    {
      type: "button",
      id: "timeline-close",
      onclick: () => {
        history.pushState(null, "", `${location.pathname}${location.search}`);
        void showTimeline(undefined, false);
      },
    },
    "Close timeline",
  );
}

function render(timeline: Timeline): void {
  const head = [
    "step",
    "log #",
    "time",
    "request",
    "status",
    "fault",
    "transition made or refusal",
    "request verdict",
    "response verdict",
    "transition verdict",
  ];
  section().replaceChildren(
    h("h2", { id: "timeline-title" }, `Timeline of order #${timeline.orderId}`),
    h(
      "p",
      { id: "timeline-status", class: "hint" },
      `Now ${timeline.status}; ${timeline.events.length} ${timeline.events.length === 1 ? "event" : "events"}, oldest first.`,
    ),
    timeline.dropped > 0
      ? h(
          "p",
          { id: "timeline-dropped", class: "hint" },
          `${timeline.dropped} older ${timeline.dropped === 1 ? "event" : "events"} of this order no longer kept.`,
        )
      : "",
    h(
      "table",
      { id: "timeline", "aria-labelledby": "timeline-title", "data-order-id": timeline.orderId },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          head.map((title) => h("th", { scope: "col" }, title)),
        ),
      ),
      h("tbody", {}, timeline.events.map(eventRow)),
    ),
    closeButton(),
  );
}

const reload = coalesced(async () => {
  const orderId = openOrder;
  if (orderId === undefined) return;
  try {
    const timeline = await consoleApi.timeline(orderId);
    if (openOrder === orderId) render(timeline);
  } catch (error) {
    if (openOrder !== orderId) return;
    section().replaceChildren(
      h("h2", { id: "timeline-title" }, `Timeline of order #${orderId}`),
      h("p", { id: "timeline-error", role: "alert" }, (error as Error).message),
      closeButton(),
    );
  }
});

/** Opens the order's timeline (undefined: closes it); `focus` moves the keyboard there. */
export async function showTimeline(orderId: number | undefined, focus: boolean): Promise<void> {
  openOrder = orderId;
  const target = section();
  target.hidden = orderId === undefined;
  if (orderId === undefined) {
    target.replaceChildren();
    return;
  }
  await reload();
  if (focus) {
    target.focus();
    target.scrollIntoView({ block: "start" });
  }
}

/** Called on every push: the open timeline reloads, so it follows the order live. */
export function refreshTimeline(): Promise<void> {
  return openOrder === undefined ? Promise.resolve() : reload();
}
