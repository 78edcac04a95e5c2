import type { FulfillmentAction, FulfillmentOrder, FulfillmentStatus, FulfillmentTransition } from "@fulfillkit/core";
import { validateTransitionBody } from "./body";
import { CUSTOMER_DELIVERY_REQUEST, EVERY_KIND, GUARDS, KNOWN_STATUSES, TERMINAL_STATUSES, TRANSITIONS } from "./flow";
import { type Refusal, type RefusalCode, refuse } from "./refusal";

/** What the rules need to know of an order. A full `FulfillmentOrder` fits. */
export type OrderFacts = Pick<FulfillmentOrder, "status" | "transactionType"> &
  Partial<Pick<FulfillmentOrder, "id" | "isPreorder">>;

export type TransitionCheck =
  | { ok: true; from: FulfillmentStatus; to: FulfillmentStatus }
  | { ok: false; code: RefusalCode; reason: string };

export class TransitionError extends Error {
  declare readonly code: RefusalCode;
  declare readonly reason: string;
  constructor(code: RefusalCode, reason: string) {
    super(reason);
    this.name = "TransitionError";
    this.code = code;
    this.reason = reason;
  }
}

/** Whether nothing more can happen to an order in `status`. */
export const isTerminal = (status: FulfillmentStatus): boolean => TERMINAL_STATUSES.includes(status);

/** A refusal whose reason starts with the order's name: "order 42" when the id is known, "this order" otherwise. */
export const refuseOrder = (order: OrderFacts, code: RefusalCode, rest: string): Refusal =>
  refuse(code, `${order.id === undefined ? "this order" : `order ${order.id}`}${rest}`);

/** Refuses facts a newer spec could bring (unknown status or kind) instead of guessing. */
export function checkFacts(order: OrderFacts): Refusal | undefined {
  const { status, transactionType } = order;
  if (!KNOWN_STATUSES.has(status)) {
    return refuseOrder(order, "unknown-status", `: status "${status}" is unknown; update @fulfillkit/transitions`);
  }
  if (!EVERY_KIND.includes(transactionType)) {
    return refuseOrder(
      order,
      "unknown-transaction-type",
      `: transaction type "${transactionType}" is unknown; update @fulfillkit/transitions`,
    );
  }
  return undefined;
}

export const terminalRefusal = (order: OrderFacts): Refusal =>
  refuseOrder(order, "terminal-status", ` is already ${order.status}; nothing more can happen to it`);

export const awaitsRequest = (order: OrderFacts): Refusal =>
  refuseOrder(
    order,
    "preorder-awaits-request",
    ` is a preorder: it ships only after the customer requests delivery (status ${CUSTOMER_DELIVERY_REQUEST.to})`,
  );

/**
 * The table's answer for `action` on `order` now: where it leads, or why not. `nextStatus`,
 * `allowedActions` and `checkTransition` all ask here, so the guards are read in one place.
 */
function checkAction(order: OrderFacts, action: FulfillmentAction): TransitionCheck {
  const { status, transactionType } = order;
  const facts = checkFacts(order);
  if (facts) return facts;
  if (isTerminal(status)) return terminalRefusal(order);
  const rule = TRANSITIONS.find((candidate) => candidate.from === status && candidate.action === action);
  if (!rule) {
    // allowedActions asks only about actions that have a row from here, so this does not loop.
    if (status === "in-delivery-outbound" && action === "cancel") {
      return refuseOrder(order, "in-transit", " is in delivery: confirm or reject the delivery first");
    }
    return refuseOrder(
      order,
      "action-not-allowed-from-status",
      ` is ${status}: ${action} is not possible from there; allowed now: ${allowedActions(order).join(", ")}`,
    );
  }
  const [kinds, preorders] = GUARDS[rule.when];
  if (!kinds.includes(transactionType)) {
    // A row for other kinds of order.
    return refuseOrder(
      order,
      "not-allowed-for-transaction-type",
      ` is ${status}: ${action} is only for ${kinds.join(", ")}`,
    );
  }
  if (order.isPreorder && !preorders) return awaitsRequest(order);
  return { ok: true, from: status, to: rule.to };
}

/** Where `action` takes the order, or `undefined` when it is not allowed now. */
export function nextStatus(order: OrderFacts, action: FulfillmentAction): FulfillmentStatus | undefined {
  const check = checkAction(order, action);
  return check.ok ? check.to : undefined;
}

/** The actions a provider may take now, in the table's order. */
export function allowedActions(order: OrderFacts): FulfillmentAction[] {
  const fromHere = TRANSITIONS.filter((rule) => rule.from === order.status);
  return fromHere.map((rule) => rule.action).filter((action) => nextStatus(order, action));
}

/** Says whether a provider may post `transition` on `order` now, and why not when it may not. */
export function checkTransition(order: OrderFacts, transition: FulfillmentTransition): TransitionCheck {
  const body = validateTransitionBody(transition);
  if (!body.ok) return refuseOrder(order, body.code, `: ${body.reason}`);
  return checkAction(order, body.value.action);
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
  const { from, to } = CUSTOMER_DELIVERY_REQUEST;
  const facts = checkFacts(order);
  if (facts) return facts;
  if (!order.isPreorder) return refuseOrder(order, "not-a-preorder", " is not a preorder");
  if (order.status !== from) {
    return refuseOrder(
      order,
      "action-not-allowed-from-status",
      ` is ${order.status}: the customer requests delivery only in ${from}`,
    );
  }
  return { ok: true, from, to };
}
