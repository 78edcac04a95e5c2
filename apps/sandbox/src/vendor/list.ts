import type { FulfillmentOrder, FulfillmentOrderListQuery } from "@fulfillkit/core";

/**
 * The list query after the spec's schema has checked it and filled in its defaults: every key
 * and type comes from the generated types, every rule from the spec (see `spec.ts`).
 */
export type ListQuery = FulfillmentOrderListQuery & Required<Pick<FulfillmentOrderListQuery, "offset" | "limit">>;

// Service categories have no ids in the order model; the sandbox numbers them by name.
export const SERVICE_CATEGORY_IDS: Record<string, number> = {
  Laptops: 1,
  Smartphones: 2,
  Monitors: 3,
  Peripherals: 4,
  Software: 5,
  Audio: 6,
};

/** A test of whether an order passes every filter of the query (a filter not given passes all). */
export function filterFor(query: ListQuery): (order: FulfillmentOrder) => boolean {
  const after = query.after === undefined ? undefined : Date.parse(query.after);
  const before = query.before === undefined ? undefined : Date.parse(query.before);
  return (order) => {
    const created = Date.parse(order.order.created);
    return (
      (!query.customers || query.customers.includes(order.customer.id)) &&
      (!query.services || query.services.includes(order.service.id)) &&
      (!query.status || query.status.includes(order.status)) &&
      (!query.transactionTypes || query.transactionTypes.includes(order.transactionType)) &&
      (query.order === undefined || order.order.orderNumber === query.order) &&
      (!query.externalIds || (order.externalId != null && query.externalIds.includes(order.externalId))) &&
      (!query.serviceCategories ||
        query.serviceCategories.includes(SERVICE_CATEGORY_IDS[order.service.category ?? ""] ?? -1)) &&
      (after === undefined || created > after) &&
      (before === undefined || created < before)
    );
  };
}

const byName = new Intl.Collator("de").compare;
// ISO 8601 timestamps in UTC sort as plain strings.
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareOrders(query: ListQuery): (a: FulfillmentOrder, b: FulfillmentOrder) => number {
  const direction = query.sortOrder === "asc" ? 1 : -1;
  return (a, b) => {
    const primary =
      query.sortBy === "customer" ? byName(a.customer.name, b.customer.name) : byText(a.order.created, b.order.created);
    return direction * (primary === 0 ? a.id - b.id : primary);
  };
}
