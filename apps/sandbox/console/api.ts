import type { FulfillmentOrder, FulfillmentStatus } from "@fulfillkit/core";

// The shapes the sandbox answers with, from its own modules: type-only imports, which the bundle
// drops, so the page loads none of the server's code.
import type { CoverageReport } from "../src/console/coverage";
import type { RequestEntry, RequestSummary } from "../src/console/request-log";
import type { OrderTimeline, TimelineEvent } from "../src/console/timelines";
import type { Provider as Tenant } from "../src/store";

export type { CoverageReport, RequestEntry, RequestSummary, Tenant, TimelineEvent };

/** `GET /_sandbox/orders/{id}/timeline`: the order's events, with what it is now. */
export type Timeline = OrderTimeline & { orderId: number; providerId: number; status: string };

export interface LogPage {
  entries: RequestSummary[];
  total: number;
  dropped: number;
}

/** Same-origin calls; off loopback the token travels in the cookie the console's URL set. */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const consoleApi = {
  tenants: () => call<Tenant[]>("GET", "/_sandbox/console/tenants"),
  orders: (providerId: number) => call<FulfillmentOrder[]>("GET", `/_sandbox/console/orders?providerId=${providerId}`),
  stats: (providerId: number) =>
    call<{ total: number; byStatus: Record<FulfillmentStatus, number> }>(
      "GET",
      `/_sandbox/stats?providerId=${providerId}`,
    ),
  requests: () => call<LogPage>("GET", "/_sandbox/console/requests?limit=200"),
  clearRequests: () => call<unknown>("DELETE", "/_sandbox/console/requests"),
  request: (seq: number) => call<RequestEntry>("GET", `/_sandbox/console/requests/${seq}`),
  coverage: (providerId: number) => call<CoverageReport>("GET", `/_sandbox/coverage?providerId=${providerId}`),
  timeline: (orderId: number) => call<Timeline>("GET", `/_sandbox/orders/${orderId}/timeline`),
  faults: () => call<Record<string, number>>("GET", "/_sandbox/faults"),
  setFaults: (settings: Record<string, number>) => call<Record<string, number>>("PUT", "/_sandbox/faults", settings),
  reset: (seed: number) => call<{ seed: number; orders: number }>("POST", "/_sandbox/reset", { seed }),
  requestDelivery: (orderId: number) => call<unknown>("POST", `/_sandbox/orders/${orderId}/request-delivery`),
};

/** The real vendor-API transition, with the tenant's key: what an integration sends. */
export async function sendTransition(tenant: Tenant, orderId: number, action: string): Promise<Response> {
  return fetch(`/v1/fulfillment/orders/${orderId}/transitions`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-API-KEY": tenant.apiKey },
    body: JSON.stringify({ action }),
  });
}
