import {
  FULFILLMENT_STATUSES,
  type FulfillmentAction,
  type FulfillmentOrderListQuery,
  findViolation,
  fulfillmentOrderUpdateRule,
  fulfillmentTransitionRule,
  LIST_QUERY_RULE,
  type Rule,
} from "@fulfillkit/core";
import { ValidationError } from "./errors";

// Every rule below comes from the spec, through the rules @fulfillkit/core generates from it.
const EXTERNAL_ID = fulfillmentOrderUpdateRule.properties.externalId;
const QUERY = LIST_QUERY_RULE.properties;

type Parameters = typeof QUERY;
type Narrowed<S, Else> = S extends { enum: readonly (infer V)[] }
  ? V
  : S extends { items: { enum: readonly (infer V)[] } }
    ? V[]
    : Else;
/**
 * The list query: the spec's parameters, and where the spec gives a parameter's values only in
 * its description (`sortBy`, `sortOrder`), narrowed to those values.
 */
export type ListQuery = {
  [K in keyof FulfillmentOrderListQuery]?: K extends keyof Parameters
    ? Narrowed<Parameters[K], FulfillmentOrderListQuery[K]>
    : FulfillmentOrderListQuery[K];
};

export const SORT_BY = QUERY.sortBy.enum;
export const SORT_ORDER = QUERY.sortOrder.enum;

/** The JSON-Patch operations the API accepts: only `/externalId` may change. */
export type ExternalIdPatch =
  | { op: "replace" | "add" | "test"; path: "/externalId"; value: string | null }
  | { op: "remove"; path: "/externalId" };

function check(rule: Rule, value: unknown, field: string): void {
  const violation = findViolation(rule, value, field);
  if (violation) throw new ValidationError(violation.field, violation.allowed, violation.value);
}

// The spec says int64; identifiers start at 1, and a JS number is exact only up to 2^53 - 1 (int64's range here).
const ORDER_ID = { type: "integer", format: "int64", minimum: 1 } satisfies Rule;

export function assertOrderId(orderId: unknown): asserts orderId is number {
  check(ORDER_ID, orderId, "orderId");
}

/** The transition body: the action, and an activation date given only with `complete` (the spec says so in prose). */
export function assertTransition(action: unknown, activationDate: unknown): asserts action is FulfillmentAction {
  check(fulfillmentTransitionRule, { action, activationDate }, "");
  if (activationDate != null && action !== "complete") {
    throw new ValidationError("activationDate", "given only with the complete action", action);
  }
}

export function assertExternalId(field: string, value: unknown): asserts value is string | null {
  check(EXTERNAL_ID, value, field);
}

// One JSON-Patch operation on `/externalId`; `value` is checked apart (required but with `remove`).
const PATCH_OP = {
  type: "object",
  additionalProperties: false,
  properties: { op: { enum: ["replace", "add", "remove", "test"] }, path: { enum: ["/externalId"] }, value: {} },
  required: ["op", "path"],
} satisfies Rule;

export function assertPatchOps(ops: unknown): asserts ops is ExternalIdPatch[] {
  if (!Array.isArray(ops) || ops.length === 0) {
    throw new ValidationError("ops", "a non-empty array of JSON-Patch operations", ops);
  }
  ops.forEach((op: { op: string; value?: unknown }, index) => {
    const at = `ops[${index}]`;
    check(PATCH_OP, op, at);
    if (op.op !== "remove") assertExternalId(`${at}.value`, op.value);
    else if ("value" in op) throw new ValidationError(`${at}.value`, "absent with op remove", op.value);
  });
}

export function assertUpdateBody(body: unknown): void {
  check(fulfillmentOrderUpdateRule, body, "body");
}

export function assertListQuery(query: unknown): asserts query is ListQuery {
  if (query !== undefined) check(LIST_QUERY_RULE, query, "query");
}

export function assertPageSize(pageSize: unknown): void {
  if (pageSize !== undefined) check(QUERY.limit, pageSize, "pageSize");
}

/** A transition's `from` (a status, or "unknown" to opt out of reconciling) and `to` (another status). */
export function assertFromTo(from: unknown, to: unknown): void {
  check({ enum: [...FULFILLMENT_STATUSES, "unknown"] }, from, "from");
  if (to !== undefined) check({ enum: FULFILLMENT_STATUSES.filter((status) => status !== from) }, to, "to");
}
