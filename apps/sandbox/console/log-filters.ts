import type { RequestSummary } from "./api";
import { byId, h, selectField } from "./dom";

export interface LogFilters {
  method: string;
  status: "" | "2xx" | "4xx" | "5xx" | "dropped";
  orderId: string;
  verdict: "" | "ok" | "not-ok";
  transition: "" | "made" | "refused" | "none";
  fault: "" | "any" | "none";
}

export const logFilters: LogFilters = { method: "", status: "", orderId: "", verdict: "", transition: "", fault: "" };

/** `made` or `refused` for a transition POST (its verdict's first word), `none` for any other request. */
export function transitionOutcome(entry: RequestSummary): "made" | "refused" | "none" {
  if (entry.transitionVerdict?.startsWith("made")) return "made";
  if (entry.transitionVerdict?.startsWith("refused")) return "refused";
  return "none";
}

export function matchesLogFilters(entry: RequestSummary, filters: LogFilters): boolean {
  if (filters.method && entry.method !== filters.method) return false;
  if (filters.status) {
    if (filters.status === "dropped" ? entry.status !== "dropped" : String(entry.status)[0] !== filters.status[0]) {
      return false;
    }
  }
  const orderId = filters.orderId.trim();
  if (orderId && String(entry.orderId) !== orderId.replace(/^#/, "")) return false;
  const ok = entry.requestVerdict === "ok" && entry.responseVerdict === "ok";
  if (filters.verdict && ok !== (filters.verdict === "ok")) return false;
  if (filters.transition && transitionOutcome(entry) !== filters.transition) return false;
  if (filters.fault && (entry.fault !== null) !== (filters.fault === "any")) return false;
  return true;
}

function choice(
  label: string,
  key: Exclude<keyof LogFilters, "orderId">,
  options: [string, string][],
  onChange: () => void,
) {
  return selectField(`log-filter-${key}`, label, options, (value) => {
    logFilters[key] = value as never;
    onChange();
  });
}

/** The log's filters, pause/resume and clear. */
export function renderLogTools(handlers: { onChange: () => void; onPause: () => boolean; onClear: () => void }) {
  const pause = h(
    "button",
    {
      id: "log-pause",
      type: "button",
      "aria-pressed": "false",
      onclick: () => {
        const paused = handlers.onPause();
        pause.textContent = paused ? "Resume" : "Pause";
        pause.setAttribute("aria-pressed", String(paused));
      },
    },
    "Pause",
  );
  byId("log-tools").replaceChildren(
    choice(
      "Method",
      "method",
      ["GET", "POST", "PATCH", "PUT"].map((m) => [m, m]),
      handlers.onChange,
    ),
    choice(
      "Status",
      "status",
      [
        ["2xx", "2xx"],
        ["4xx", "4xx"],
        ["5xx", "5xx"],
        ["dropped", "dropped"],
      ],
      handlers.onChange,
    ),
    h(
      "label",
      { for: "log-filter-order" },
      "Order ",
      h("input", {
        id: "log-filter-order",
        type: "text",
        inputmode: "numeric",
        size: 6,
        oninput: (event: Event) => {
          logFilters.orderId = (event.target as HTMLInputElement).value;
          handlers.onChange();
        },
      }),
    ),
    choice(
      "Verdict",
      "verdict",
      [
        ["ok", "spec ok"],
        ["not-ok", "spec not ok"],
      ],
      handlers.onChange,
    ),
    choice(
      "Transition",
      "transition",
      [
        ["made", "made"],
        ["refused", "refused"],
        ["none", "not a transition"],
      ],
      handlers.onChange,
    ),
    choice(
      "Fault",
      "fault",
      [
        ["any", "injected"],
        ["none", "none"],
      ],
      handlers.onChange,
    ),
    pause,
    h("button", { id: "log-clear", type: "button", onclick: handlers.onClear }, "Clear log"),
  );
}
