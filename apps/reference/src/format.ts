/** Everything `fulfill` prints for people: tables. `--json` prints the data itself instead. */
import type { Address, FulfillmentAction, FulfillmentOrder, FulfillmentStatus } from "@fulfillkit/core";
import Table from "cli-table3";
import type { CoverageReport } from "./coverage";
import type { RunSummary } from "./worker/summary";

const colour = () => process.stdout.isTTY === true;
const NO_ROW_LINES = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };
const NO_LINES = {
  ...NO_ROW_LINES,
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  right: "",
  middle: "",
};

/** A compact box of rows (no head); colours only on a terminal, so piped output stays plain text. */
function box(colAligns?: Array<"left" | "right">): Table.Table {
  return new Table({
    chars: NO_ROW_LINES,
    style: { border: colour() ? ["grey"] : [] },
    ...(colAligns ? { colAligns } : {}),
  });
}

/** Plain columns under a head, like `ps` or `kubectl get`: easy to read, easy to grep. */
function columns(head: string[], colAligns?: Array<"left" | "right">): Table.Table {
  return new Table({
    head: head.map((title) => title.toUpperCase()),
    chars: NO_LINES,
    style: { head: colour() ? ["bold"] : [], "padding-left": 0, "padding-right": 2 },
    ...(colAligns ? { colAligns } : {}),
  });
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** "order", "swap (preorder)", … */
export function kindOf(order: Pick<FulfillmentOrder, "transactionType" | "isPreorder">): string {
  return order.isPreorder ? `${order.transactionType} (preorder)` : order.transactionType;
}

export function ordersTable(orders: readonly FulfillmentOrder[]): string {
  const rows = columns(["id", "status", "kind", "customer", "service", "sales order", "external id"]);
  for (const order of orders) {
    rows.push([
      order.id,
      order.status,
      kindOf(order),
      order.customer.name,
      order.service.name,
      order.order.orderNumber,
      order.externalId ?? "",
    ]);
  }
  return rows.toString();
}

export interface OrderDetails {
  order: FulfillmentOrder;
  allowed: Array<{ action: FulfillmentAction; to: FulfillmentStatus }>;
  /** What `fulfill run` would do with it. */
  worker: { actions: FulfillmentAction[]; end: FulfillmentStatus };
}

export function orderDetails({ order, allowed, worker }: OrderDetails): string {
  const details = box();
  const rows: Array<[string, string | number]> = [
    ["id", order.id],
    ["status", order.status],
    ["kind", kindOf(order)],
    ["customer", `${order.customer.name}${order.customer.customerNumber ? ` (${order.customer.customerNumber})` : ""}`],
    ["service", order.service.name],
    ["sales order", `${order.order.orderNumber}, ${order.order.created.slice(0, 10)}`],
    ["ordered by", [order.orderedBy.firstName, order.orderedBy.lastName].filter(Boolean).join(" ") || "–"],
    ["delivery address", addressLine(order.deliveryAddress) || "–"],
    ["external id", order.externalId ?? "–"],
    ["allowed now", allowed.map(({ action, to }) => `${action} → ${to}`).join("\n") || "nothing: it is final"],
    [
      "fulfill run would",
      worker.actions.length > 0 ? `${worker.actions.join(", ")}; leaving it ${worker.end}` : `leave it ${worker.end}`,
    ],
  ];
  for (const [key, value] of rows) details.push({ [key]: value });
  return details.toString();
}

function addressLine(address: Address | undefined): string {
  if (!address) return "";
  const street = [address.street, address.number, address.addition].filter(Boolean).join(" ") || address.line1;
  return [street, [address.postalCode, address.city].filter(Boolean).join(" "), address.countryCode]
    .filter(Boolean)
    .join(", ");
}

export function summaryTable(summary: RunSummary): string {
  const rows = box(["left", "right"]);
  rows.push(["open orders listed", summary.orders]);
  const statuses = Object.entries(summary.byStatus).sort(([, a], [, b]) => (b ?? 0) - (a ?? 0));
  for (const [status, count] of statuses) rows.push([`  now ${status}`, count ?? 0]);
  if (summary.interrupted) rows.push(["  not taken, as they were (interrupted)", summary.orders - summary.done]);
  rows.push(
    ["transitions made", summary.transitions],
    ["  reconciled after an unknown outcome", summary.reconciled],
    ["conflicts re-planned (409)", summary.conflictsReplanned],
    ["waiting for the customer", summary.waiting],
    ["left for the next run (the API kept failing)", summary.leftForNextRun.length],
    ["failures", summary.failures.length],
  );
  const lines = (label: string, orders: RunSummary["failures"]) =>
    orders.map(({ orderId, status, error }) => `${label} order ${orderId} (${status}): ${error}`);
  const stoppedBy = summary.signal === "SIGTERM" ? "SIGTERM" : "Ctrl-C";
  const title = `fulfill run: ${summary.seconds.toFixed(1)} s${summary.interrupted ? `, interrupted (${stoppedBy})` : ""}`;
  return [
    title,
    rows.toString(),
    ...lines("next run:", summary.leftForNextRun),
    ...lines("failed:", summary.failures),
  ].join("\n");
}

/** Orders per status, one column per moment (for `pnpm demo`). */
export function statusCountsTable(
  statuses: readonly FulfillmentStatus[],
  moments: Array<{ title: string; counts: Partial<Record<FulfillmentStatus, number>> }>,
): string {
  const rows = columns(
    ["status", ...moments.map(({ title }) => title)],
    ["left", ...moments.map(() => "right" as const)],
  );
  for (const status of statuses) rows.push([status, ...moments.map(({ counts }) => counts[status] ?? 0)]);
  rows.push(["total", ...moments.map(({ counts }) => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0))]);
  return rows.toString();
}

/** `fulfill coverage`: the rows made and missing, the refusals and fault kinds met, and the verdict. */
export function coverageText(report: CoverageReport, url: string): string {
  const rows = columns(["from", "action", "to", "made"]);
  for (const { from, action, to, made } of report.transitions) rows.push([from, action, to, made ? "yes" : "MISSING"]);
  const notMet = (all: string[], met: string[]) => all.filter((item) => !met.includes(item));
  const metLine = (title: string, all: string[], met: string[]) => {
    const missing = notMet(all, met);
    return `${title}: ${met.length} of ${all.length}${met.length > 0 ? ` (${met.join(", ")})` : ""}${
      missing.length > 0 ? `; not yet: ${missing.join(", ")}` : ""
    }`;
  };
  return [
    `rehearsal coverage of provider ${report.providerId} (${url})`,
    `transitions made: ${report.made} of ${report.total}`,
    rows.toString(),
    metLine("refusals met (409)", report.refusalCodes, report.refusals),
    metLine("fault kinds met", report.faultKinds, report.faults),
    report.complete
      ? "complete: every row made, every fault kind met"
      : `not complete: ${report.missing.length} missing`,
  ].join("\n");
}
