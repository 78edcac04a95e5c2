import type { FulfillmentAction, FulfillmentOrder, FulfillmentStatus, FulfillmentTransition } from "@fulfillkit/core";
import { validateTransitionBody } from "./body";
import {
  CUSTOMER_DELIVERY_REQUEST,
  INBOUND_TRANSACTION_TYPES,
  KNOWN_STATUSES,
  KNOWN_TRANSACTION_TYPES,
  OUTBOUND_TRANSACTION_TYPES,
  TERMINAL_STATUSES,
  TRANSITIONS,
  type TransitionGuard,
  type TransitionRule,
} from "./flow";
import { type Refusal, type RefusalCode, refuse } from "./refusal";

/** What the rules need to know of an order. A full `FulfillmentOrder` fits. */
export type OrderFacts = Pick<FulfillmentOrder, "status" | "transactionType"> &
  Partial<Pick<FulfillmentOrder, "id" | "isPreorder">>;

export type TransitionCheck =
  | { ok: true; from: FulfillmentStatus; to: FulfillmentStatus }
  | { ok: false; code: RefusalCode; reason: string };

export class TransitionError extends Error {
  readonly code: RefusalCode;
  readonly reason: string;
  constructor(code: RefusalCode, reason: string) {
    super(reason);
    this.name = "TransitionError";
    this.code = code;
    this.reason = reason;
  }
}

export function isTerminal(status: FulfillmentStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function guardHolds(guard: TransitionGuard, order: OrderFacts): boolean {
  const outbound = OUTBOUND_TRANSACTION_TYPES.includes(order.transactionType);
  const preorder = order.isPreorder === true;
  switch (guard) {
    case "always":
      return true;
    case "outbound":
      return outbound;
    case "outbound-not-preorder":
      return outbound && !preorder;
    case "not-preorder":
      return !preorder;
    case "not-return":
      return order.transactionType !== "return";
    case "inbound":
      return INBOUND_TRANSACTION_TYPES.includes(order.transactionType);
  }
}

/** "order 42" when the id is known, "this order" otherwise. */
export function nameOf(order: Pick<OrderFacts, "id">): string {
  return order.id === undefined ? "this order" : `order ${order.id}`;
}

/** Refuses facts a newer spec could bring (unknown status or kind) instead of guessing. */
export function checkFacts(order: OrderFacts): Refusal | undefined {
  const unknown = (code: RefusalCode, what: string, value: string) =>
    refuse(code, `${nameOf(order)} has an unknown ${what} "${value}"; update @fulfillkit/transitions`);
  if (!KNOWN_STATUSES.has(order.status)) return unknown("unknown-status", "status", order.status);
  if (!KNOWN_TRANSACTION_TYPES.has(order.transactionType)) {
    return unknown("unknown-transaction-type", "transaction type", order.transactionType);
  }
  return undefined;
}

function rulesFrom(status: FulfillmentStatus): readonly TransitionRule[] {
  return TRANSITIONS.filter((rule) => rule.from === status);
}

/** The actions a provider may take now, in the table's order. */
export function allowedActions(order: OrderFacts): FulfillmentAction[] {
  if (checkFacts(order)) return [];
  return rulesFrom(order.status)
    .filter((rule) => guardHolds(rule.when, order))
    .map((rule) => rule.action);
}

/** Where `action` takes the order, or `undefined` when it is not allowed now. */
export function nextStatus(order: OrderFacts, action: FulfillmentAction): FulfillmentStatus | undefined {
  if (checkFacts(order)) return undefined;
  return rulesFrom(order.status).find((rule) => rule.action === action && guardHolds(rule.when, order))?.to;
}

export const terminalRefusal = (order: OrderFacts): Refusal =>
  refuse("terminal-status", `${nameOf(order)} is already ${order.status}; nothing more can happen to it`);

export const awaitsRequest = (order: OrderFacts): Refusal =>
  refuse(
    "preorder-awaits-request",
    `${nameOf(order)} is a preorder: it ships only after the customer requests delivery (status ${CUSTOMER_DELIVERY_REQUEST.to})`,
  );

// Who a guarded row is for, in the words of a refusal.
const OUTBOUND_AUDIENCE = `outbound orders (${OUTBOUND_TRANSACTION_TYPES.join(", ")})`;
const GUARD_AUDIENCE: Partial<Record<TransitionGuard, string>> = {
  outbound: OUTBOUND_AUDIENCE,
  "outbound-not-preorder": OUTBOUND_AUDIENCE,
  "not-return": "every kind but return",
  inbound: `inbound orders (${INBOUND_TRANSACTION_TYPES.join(", ")})`,
};

function explainRefusal(order: OrderFacts, action: FulfillmentAction): Refusal {
  const name = nameOf(order);
  const { status } = order;
  if (isTerminal(status)) return terminalRefusal(order);
  const rule = rulesFrom(status).find((candidate) => candidate.action === action);
  if (rule) {
    if (order.isPreorder === true && (rule.when === "not-preorder" || rule.when === "outbound-not-preorder")) {
      return awaitsRequest(order);
    }
    return refuse(
      "not-allowed-for-transaction-type",
      `${name} is a ${order.transactionType}: ${action} from ${status} is only for ${GUARD_AUDIENCE[rule.when]}`,
    );
  }
  if (status === "in-delivery-outbound" && action === "cancel") {
    return refuse("in-transit", `${name} is in delivery: confirm or reject the delivery first`);
  }
  const allowed = allowedActions(order);
  return refuse(
    "action-not-allowed-from-status",
    `${name} is ${status}: ${action} is not possible from there; allowed now: ${allowed.join(", ") || "none"}`,
  );
}

/** Says whether a provider may post `transition` on `order` now, and why not when it may not. */
export function checkTransition(order: OrderFacts, transition: FulfillmentTransition): TransitionCheck {
  const body = validateTransitionBody(transition);
  if (!body.ok) return refuse(body.code, `${nameOf(order)}: ${body.reason}`);
  const facts = checkFacts(order);
  if (facts) return facts;
  const to = nextStatus(order, body.value.action);
  return to === undefined ? explainRefusal(order, body.value.action) : { ok: true, from: order.status, to };
}

/** Like `checkTransition`, but returns the new status or throws a `TransitionError`. */
export function assertTransition(order: OrderFacts, transition: FulfillmentTransition): FulfillmentStatus {
  const result = checkTransition(order, transition);
  if (!result.ok) throw new TransitionError(result.code, result.reason);
  return result.to;
}

/**
 * The customer's side, not a provider action: may the customer request delivery of this order
 * now (a preorder waiting in `ready-for-delivery`)? The sandbox uses it to play the customer.
 */
export function checkCustomerDeliveryRequest(order: OrderFacts): TransitionCheck {
  const facts = checkFacts(order);
  if (facts) return facts;
  if (order.isPreorder !== true) return refuse("not-a-preorder", `${nameOf(order)} is not a preorder`);
  if (order.status !== CUSTOMER_DELIVERY_REQUEST.from) {
    return refuse(
      "action-not-allowed-from-status",
      `${nameOf(order)} is ${order.status}: delivery can be requested only in ${CUSTOMER_DELIVERY_REQUEST.from}`,
    );
  }
  return { ok: true, from: order.status, to: CUSTOMER_DELIVERY_REQUEST.to };
}
