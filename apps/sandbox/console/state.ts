import type { FulfillmentOrder } from "@fulfillkit/core";
import type { RequestSummary, Tenant } from "./api";

export interface Filters {
  kind: string;
  preorder: "" | "yes" | "no";
  fulfillmentType: string;
  search: string;
}

/** The console's one state; each view renders from it. */
export const state = {
  tenants: [] as Tenant[],
  tenant: undefined as Tenant | undefined,
  orders: [] as FulfillmentOrder[],
  selectedId: undefined as number | undefined,
  filters: { kind: "", preorder: "", fulfillmentType: "", search: "" } as Filters,
  log: [] as RequestSummary[],
  logTotal: 0,
  logDropped: 0,
};

export const LOG_ROWS = 200;

export function currentTenant(): Tenant {
  if (!state.tenant) throw new Error("no tenant selected");
  return state.tenant;
}

export function selectedOrder(): FulfillmentOrder | undefined {
  return state.orders.find((order) => order.id === state.selectedId);
}

export function matchesFilters(order: FulfillmentOrder, filters: Filters): boolean {
  if (filters.kind && order.transactionType !== filters.kind) return false;
  if (filters.preorder && Boolean(order.isPreorder) !== (filters.preorder === "yes")) return false;
  if (filters.fulfillmentType && order.fulfillmentType !== filters.fulfillmentType) return false;
  const search = filters.search.trim().toLowerCase();
  if (!search) return true;
  const haystack = [
    String(order.id),
    order.externalId ?? "",
    order.customer?.name ?? "",
    order.customer?.customerNumber ?? "",
  ];
  return haystack.some((text) => text.toLowerCase().includes(search));
}
