/**
 * The fulfillment flow as data: the one copy of the model explained row by row in
 * docs/fulfillment-flow.md (at the repository's root); every row of that page's table is one row here.
 * The server stays the authority: a 409 from the real API wins over this table.
 */
import type { FulfillmentAction, FulfillmentOrderTransactionType, FulfillmentStatus } from "@fulfillkit/core";

type Kind = FulfillmentOrderTransactionType;

/** Statuses nothing can leave. */
export const TERMINAL_STATUSES: readonly FulfillmentStatus[] = ["processed", "cancelled"];

/** Kinds that ship something to the customer. */
export const OUTBOUND_TRANSACTION_TYPES: readonly Kind[] = ["order", "swap", "change"];

/** Kinds that take something back or end a service. */
export const INBOUND_TRANSACTION_TYPES: readonly Kind[] = ["return", "cancellation"];

/** Every kind this version of the flow knows; a test keeps it equal to the spec's enum. */
export const EVERY_KIND: readonly Kind[] = [...OUTBOUND_TRANSACTION_TYPES, ...INBOUND_TRANSACTION_TYPES];

/** The condition under which a row applies ("allowed when" in the document). */
export type TransitionGuard =
  | "always"
  | "outbound"
  | "outbound-not-preorder"
  | "not-preorder"
  | "not-return-not-preorder"
  | "inbound";

/** What a guard asks of an order: `[the kinds of order it is for, whether a preorder may take the row too]`. */
export type GuardRule = readonly [kinds: readonly Kind[], preorders: boolean];

// biome-ignore format: kept aligned as the table it is
export const GUARDS: Readonly<Record<TransitionGuard, GuardRule>> = {
  //                          kinds                                            preorders
  always:                    [EVERY_KIND,                                      true],
  outbound:                  [OUTBOUND_TRANSACTION_TYPES,                      true],
  "outbound-not-preorder":   [OUTBOUND_TRANSACTION_TYPES,                      false],
  "not-preorder":            [EVERY_KIND,                                      false],
  "not-return-not-preorder": [[...OUTBOUND_TRANSACTION_TYPES, "cancellation"], false],
  inbound:                   [INBOUND_TRANSACTION_TYPES,                       true],
};

/** One row of the table: `[from, action, to, allowed when]`. */
export type TransitionRow = readonly [
  from: FulfillmentStatus,
  action: FulfillmentAction,
  to: FulfillmentStatus,
  when: TransitionGuard,
];

// biome-ignore format: kept aligned as the table it is
const ROWS: readonly TransitionRow[] = [
  ["new",                         "process",                    "inprocess",                  "always"],
  ["new",                         "cancel",                     "cancelled",                  "always"],
  ["inprocess",                   "process",                    "ready-for-delivery",         "outbound"],
  ["inprocess",                   "dispatchDelivery",           "in-delivery-outbound",       "outbound-not-preorder"],
  ["inprocess",                   "complete",                   "processed",                  "not-return-not-preorder"],
  ["inprocess",                   "completeReturnDecommission", "processed",                  "inbound"],
  ["inprocess",                   "cancel",                     "cancelled",                  "always"],
  ["ready-for-delivery",          "dispatchDelivery",           "in-delivery-outbound",       "not-preorder"],
  ["ready-for-delivery",          "cancel",                     "cancelled",                  "always"],
  ["delivery-requested-outbound", "dispatchDelivery",           "in-delivery-outbound",       "always"],
  ["delivery-requested-outbound", "cancel",                     "cancelled",                  "always"],
  ["in-delivery-outbound",        "confirmDelivery",            "delivered-outbound",         "always"],
  ["in-delivery-outbound",        "rejectDelivery",             "delivery-returned-outbound", "always"],
  ["delivery-returned-outbound",  "processReturnedItem",        "inprocess",                  "always"],
  ["delivery-returned-outbound",  "cancel",                     "cancelled",                  "always"],
  ["delivered-outbound",          "complete",                   "processed",                  "always"],
];

export interface TransitionRule {
  readonly from: FulfillmentStatus;
  readonly action: FulfillmentAction;
  readonly to: FulfillmentStatus;
  readonly when: TransitionGuard;
}

/** The table, one rule per row. */
export const TRANSITIONS: readonly TransitionRule[] = ROWS.map(([from, action, to, when]) => ({
  from,
  action,
  to,
  when,
}));

/**
 * The customer's side, not a provider action: a preorder waiting in `ready-for-delivery` moves
 * to `delivery-requested-outbound` when the customer asks for it to be shipped.
 */
export const CUSTOMER_DELIVERY_REQUEST = {
  from: "ready-for-delivery",
  to: "delivery-requested-outbound",
  when: "preorder",
} as const;

/** Statuses only the customer's side sets, never a provider action. */
export const CUSTOMER_ONLY_STATUSES: readonly FulfillmentStatus[] = [CUSTOMER_DELIVERY_REQUEST.to];

/** The only action that may carry an `activationDate`. */
export const ACTIVATION_DATE_ACTION: FulfillmentAction = "complete";

// What this version of the flow knows (sets of `unknown`, to test any input against); a test keeps
// these equal to the spec's enums.
export const KNOWN_STATUSES: ReadonlySet<unknown> = new Set(ROWS.flatMap(([from, , to]) => [from, to]));
export const KNOWN_ACTIONS: ReadonlySet<unknown> = new Set(ROWS.map(([, action]) => action));
