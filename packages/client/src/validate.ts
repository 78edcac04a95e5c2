import {
  FULFILLMENT_ACTIONS,
  FULFILLMENT_STATUSES,
  type FulfillmentAction,
  type FulfillmentOrderListQuery,
  TRANSACTION_TYPES,
} from "@fulfillkit/core";
import { ValidationError } from "./errors";

// sortBy and sortOrder are plain strings in the spec; their values come from the parameter
// descriptions ("customer|date", "asc|desc").
export const SORT_BY = ["customer", "date"] as const;
export const SORT_ORDER = ["asc", "desc"] as const;
export const MAX_EXTERNAL_ID_LENGTH = 100;
const INT32_MAX = 2_147_483_647;

/** The list query, with `sortBy` and `sortOrder` narrowed to the values the spec describes. */
export type ListQuery = Omit<FulfillmentOrderListQuery, "sortBy" | "sortOrder"> & {
  sortBy?: (typeof SORT_BY)[number];
  sortOrder?: (typeof SORT_ORDER)[number];
};

/** The JSON-Patch operations the API accepts: only `/externalId` may change. */
export type ExternalIdPatch =
  | { op: "replace" | "add" | "test"; path: "/externalId"; value: string | null }
  | { op: "remove"; path: "/externalId" };

// OpenAPI's `date-time` (RFC 3339): a real calendar date, a time and a zone.
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;
function isDateTime(value: unknown): value is string {
  const match = typeof value === "string" ? DATE_TIME.exec(value) : null;
  if (!match || Number.isNaN(Date.parse(value as string))) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

export function assertOrderId(orderId: unknown): asserts orderId is number {
  if (typeof orderId !== "number" || !Number.isSafeInteger(orderId) || orderId < 1) {
    throw new ValidationError("orderId", "a positive safe integer", orderId);
  }
}

export function assertAction(action: unknown): asserts action is FulfillmentAction {
  if (!FULFILLMENT_ACTIONS.includes(action as FulfillmentAction)) {
    throw new ValidationError("action", `one of ${FULFILLMENT_ACTIONS.join(", ")}`, action);
  }
}

export function assertActivationDate(action: FulfillmentAction, activationDate: unknown): void {
  if (activationDate === undefined || activationDate === null) return;
  if (action !== "complete") {
    throw new ValidationError("activationDate", "given only with the complete action", action);
  }
  if (!isDateTime(activationDate)) {
    throw new ValidationError("activationDate", "an ISO 8601 date-time such as 2026-12-01T00:00:00Z", activationDate);
  }
}

export function assertExternalId(field: string, value: unknown): asserts value is string | null {
  if (value === null) return;
  if (typeof value !== "string" || value.length > MAX_EXTERNAL_ID_LENGTH) {
    throw new ValidationError(field, `a string of at most ${MAX_EXTERNAL_ID_LENGTH} characters, or null`, value);
  }
}

export function assertPatchOps(ops: unknown): asserts ops is ExternalIdPatch[] {
  if (!Array.isArray(ops) || ops.length === 0) {
    throw new ValidationError("ops", "a non-empty array of JSON-Patch operations", ops);
  }
  ops.forEach((op: unknown, index) => {
    const at = `ops[${index}]`;
    if (op === null || typeof op !== "object") throw new ValidationError(at, "an object { op, path, value }", op);
    const { op: kind, path, ...rest } = op as Record<string, unknown>;
    if (path !== "/externalId")
      throw new ValidationError(`${at}.path`, '"/externalId" (the only patchable field)', path);
    if (kind === "remove") {
      if (Object.keys(rest).length > 0) throw new ValidationError(`${at}`, "{ op: remove, path } without value", op);
      return;
    }
    if (kind !== "replace" && kind !== "add" && kind !== "test") {
      throw new ValidationError(`${at}.op`, "one of replace, add, remove, test", kind);
    }
    const extra = Object.keys(rest).find((key) => key !== "value");
    if (extra !== undefined) throw new ValidationError(`${at}.${extra}`, "absent (only op, path, value)", rest[extra]);
    assertExternalId(`${at}.value`, rest.value);
  });
}

export function assertUpdateBody(body: unknown): void {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ValidationError("body", "an object { externalId }", body);
  }
  const record = body as Record<string, unknown>;
  const extra = Object.keys(record).find((key) => key !== "externalId");
  if (extra !== undefined)
    throw new ValidationError(`body.${extra}`, "absent (only externalId can be updated)", record[extra]);
  if (record.externalId !== undefined) assertExternalId("body.externalId", record.externalId);
}

function assertInteger(field: string, value: unknown, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `an integer from ${min} to ${max}`, value);
  }
}

function assertEach(field: string, values: unknown, check: (value: unknown, at: string) => void): void {
  if (!Array.isArray(values)) throw new ValidationError(field, "an array", values);
  for (const [index, value] of values.entries()) check(value, `${field}[${index}]`);
}

function assertOneOf(field: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) throw new ValidationError(field, `one of ${allowed.join(", ")}`, value);
}

const QUERY_CHECKS: Record<keyof ListQuery, (value: unknown, field: string) => void> = {
  customers: (v, f) => assertEach(f, v, (id, at) => assertInteger(at, id, 0, INT32_MAX)),
  services: (v, f) => assertEach(f, v, (id, at) => assertInteger(at, id, 0, INT32_MAX)),
  serviceCategories: (v, f) => assertEach(f, v, (id, at) => assertInteger(at, id, 0, INT32_MAX)),
  status: (v, f) => assertEach(f, v, (s, at) => assertOneOf(at, s, FULFILLMENT_STATUSES)),
  transactionTypes: (v, f) => assertEach(f, v, (t, at) => assertOneOf(at, t, TRANSACTION_TYPES)),
  externalIds: (v, f) =>
    assertEach(f, v, (id, at) => {
      if (typeof id !== "string") throw new ValidationError(at, "a string", id);
    }),
  order: (v, f) => {
    if (typeof v !== "string") throw new ValidationError(f, "a string (the sales order number)", v);
  },
  after: (v, f) => {
    if (!isDateTime(v)) throw new ValidationError(f, "an ISO 8601 date-time", v);
  },
  before: (v, f) => {
    if (!isDateTime(v)) throw new ValidationError(f, "an ISO 8601 date-time", v);
  },
  sortBy: (v, f) => assertOneOf(f, v, SORT_BY),
  sortOrder: (v, f) => assertOneOf(f, v, SORT_ORDER),
  offset: (v, f) => assertInteger(f, v, 0, INT32_MAX),
  limit: (v, f) => assertInteger(f, v, 1, 1000),
};

export function assertListQuery(query: unknown): asserts query is ListQuery {
  if (query === undefined) return;
  if (query === null || typeof query !== "object" || Array.isArray(query)) {
    throw new ValidationError("query", "an object of list filters", query);
  }
  for (const [key, value] of Object.entries(query)) {
    const check = QUERY_CHECKS[key as keyof ListQuery];
    if (!check)
      throw new ValidationError(`query.${key}`, `a known filter (${Object.keys(QUERY_CHECKS).join(", ")})`, value);
    if (value !== undefined) check(value, `query.${key}`);
  }
}

export function assertPageSize(pageSize: unknown): void {
  if (pageSize !== undefined) assertInteger("pageSize", pageSize, 1, 1000);
}
