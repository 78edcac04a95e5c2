import type { RequestSummary } from "./api";
import { byId, h } from "./dom";

export interface LogFilters {
  method: string;
  status: "" | "2xx" | "4xx" | "5xx" | "dropped";
  orderId: string;
  verdict: "" | "ok" | "not-ok";
  fault: "" | "any" | "none";
}

export const logFilters: LogFilters = { method: "", status: "", orderId: "", verdict: "", fault: "" };

export function matchesLogFilters(entry: RequestSummary, filters: LogFilters): boolean {
  if (filters.method && entry.method !== filters.method) return false;
  if (filters.status) {
    if (filters.status === "dropped" ? entry.status !== "dropped" : String(entry.status)[0] !== filters.status[0]) {
      return false;
    }
  }
  const orderId = filters.orderId.trim();
  if (orderId && !new RegExp(`/orders/${orderId.replace(/\D/g, "")}(/|\\?|$)`).test(entry.path)) return false;
  const ok = entry.requestVerdict === "ok" && entry.responseVerdict === "ok";
  if (filters.verdict && ok !== (filters.verdict === "ok")) return false;
  if (filters.fault && (entry.fault !== null) !== (filters.fault === "any")) return false;
  return true;
}

function choice(
  label: string,
  key: Exclude<keyof LogFilters, "orderId">,
  options: [string, string][],
  onChange: () => void,
) {
  const id = `log-filter-${key}`;
  return h(
    "label",
    { for: id },
    `${label} `,
    h(
      "select",
      {
        id,
        onchange: (event: Event) => {
          logFilters[key] = (event.target as HTMLSelectElement).value as never;
          onChange();
        },
      },
      [["", "any"], ...options].map(([value, text]) => h("option", { value }, text)),
    ),
  );
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
        ["ok", "both ok"],
        ["not-ok", "not ok"],
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
