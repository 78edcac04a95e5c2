import { FULFILLMENT_STATUSES, type FulfillmentOrder, TRANSACTION_TYPES } from "@fulfillkit/core";

export interface ListFilters {
  customers?: number[];
  services?: number[];
  status?: string[];
  transactionTypes?: string[];
  order?: string;
  externalIds?: string[];
  serviceCategories?: number[];
  after?: number;
  before?: number;
  sortBy: "customer" | "date";
  sortOrder: "asc" | "desc";
  offset: number;
  limit: number;
}

export class QueryError extends Error {}

type Raw = Record<string, string | string[] | undefined>;

const KNOWN = new Set([
  "customers",
  "services",
  "status",
  "transactionTypes",
  "order",
  "externalIds",
  "serviceCategories",
  "after",
  "before",
  "sortBy",
  "sortOrder",
  "offset",
  "limit",
]);

const list = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(","));

const single = (name: string, value: string | string[] | undefined): string | undefined => {
  if (Array.isArray(value)) throw new QueryError(`query parameter ${name} may be given only once`);
  return value;
};

function integers(name: string, value: string | string[] | undefined): number[] | undefined {
  return list(value)?.map((item) => {
    if (!/^-?\d+$/.test(item))
      throw new QueryError(`query parameter ${name} must be a list of integers (got "${item}")`);
    return Number(item);
  });
}

function oneOf(name: string, value: string | string[] | undefined, allowed: readonly string[]): string[] | undefined {
  return list(value)?.map((item) => {
    if (!allowed.includes(item))
      throw new QueryError(`query parameter ${name} has an unknown value "${item}"; allowed: ${allowed.join(", ")}`);
    return item;
  });
}

function date(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new QueryError(`query parameter ${name} must be an ISO 8601 date-time (got "${value}")`);
  return time;
}

function integerIn(name: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new QueryError(`query parameter ${name} must be an integer from ${min} to ${max} (got "${value}")`);
  }
  return Number(value);
}

export function parseListQuery(raw: Raw): ListFilters {
  for (const name of Object.keys(raw)) {
    if (!KNOWN.has(name)) throw new QueryError(`query parameter ${name} is unknown`);
  }
  const sortBy = single("sortBy", raw.sortBy) ?? "date";
  if (sortBy !== "customer" && sortBy !== "date")
    throw new QueryError(`query parameter sortBy must be customer or date (got "${sortBy}")`);
  const sortOrder = single("sortOrder", raw.sortOrder) ?? "desc";
  if (sortOrder !== "asc" && sortOrder !== "desc")
    throw new QueryError(`query parameter sortOrder must be asc or desc (got "${sortOrder}")`);
  return {
    customers: integers("customers", raw.customers),
    services: integers("services", raw.services),
    status: oneOf("status", raw.status, FULFILLMENT_STATUSES),
    transactionTypes: oneOf("transactionTypes", raw.transactionTypes, TRANSACTION_TYPES),
    order: single("order", raw.order),
    externalIds: list(raw.externalIds),
    serviceCategories: integers("serviceCategories", raw.serviceCategories),
    after: date("after", single("after", raw.after)),
    before: date("before", single("before", raw.before)),
    sortBy,
    sortOrder,
    offset: integerIn("offset", single("offset", raw.offset), 0, 2_147_483_647, 0),
    limit: integerIn("limit", single("limit", raw.limit), 1, 1000, 100),
  };
}

// Service categories have no ids in the order model; the sandbox numbers them by name.
export const SERVICE_CATEGORY_IDS: Record<string, number> = {
  Laptops: 1,
  Smartphones: 2,
  Monitors: 3,
  Peripherals: 4,
  Software: 5,
  Audio: 6,
};

export function matches(order: FulfillmentOrder, filters: ListFilters): boolean {
  const created = Date.parse(order.order.created);
  return (
    (!filters.customers || filters.customers.includes(order.customer.id)) &&
    (!filters.services || filters.services.includes(order.service.id)) &&
    (!filters.status || filters.status.includes(order.status)) &&
    (!filters.transactionTypes || filters.transactionTypes.includes(order.transactionType)) &&
    (filters.order === undefined || order.order.orderNumber === filters.order) &&
    (!filters.externalIds || (order.externalId != null && filters.externalIds.includes(order.externalId))) &&
    (!filters.serviceCategories ||
      filters.serviceCategories.includes(SERVICE_CATEGORY_IDS[order.service.category ?? ""] ?? -1)) &&
    (filters.after === undefined || created > filters.after) &&
    (filters.before === undefined || created < filters.before)
  );
}

const byName = new Intl.Collator("de").compare;
// ISO 8601 timestamps in UTC sort as plain strings.
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareOrders(filters: ListFilters): (a: FulfillmentOrder, b: FulfillmentOrder) => number {
  const direction = filters.sortOrder === "asc" ? 1 : -1;
  return (a, b) => {
    const primary =
      filters.sortBy === "customer"
        ? byName(a.customer.name, b.customer.name)
        : byText(a.order.created, b.order.created);
    return direction * (primary === 0 ? a.id - b.id : primary);
  };
}
