/**
 * The worker's policy: what `fulfill run` does with an order, "as far as the provider can".
 * Which actions are allowed, and where they lead, comes from @fulfillkit/transitions; this file only
 * says which of the allowed actions a provider's worker takes, and where each kind of order ends.
 */
import type { FulfillmentAction, FulfillmentStatus } from "@fulfillkit/core";
import {
  allowedActions,
  CUSTOMER_DELIVERY_REQUEST,
  INBOUND_TRANSACTION_TYPES,
  isTerminal,
  nextStatus,
  type OrderFacts,
  planPath,
} from "@fulfillkit/transitions";

/** What to do with an order now. */
export type Decision = { kind: "act"; action: FulfillmentAction } | { kind: "wait"; reason: string } | { kind: "done" };

/**
 * The provider's work on each kind of order, in the order it happens. At every step the worker
 * takes the FIRST of these actions that the flow allows now; when none is allowed, the order waits.
 *
 * - Outbound (order, swap, change): accept (new → inprocess), prepare and pack (→ ready-for-delivery),
 *   dispatch, confirm the delivery, complete. A delivery that came back is taken in and shipped again.
 *   `process` comes before `complete`, so goods always travel: the flow's `inprocess → complete`
 *   shortcut is for orders with nothing to ship, and the order model does not say which those are.
 *   A preorder cannot be dispatched from ready-for-delivery: there it waits for the customer.
 * - Inbound (return, cancellation): accept, then take the goods back and decommission.
 *
 * Never on these lists: `cancel` and `rejectDelivery`. Those are decisions for a person, not work.
 */
export const PROVIDER_WORK: Readonly<Record<"outbound" | "inbound", readonly FulfillmentAction[]>> = {
  outbound: ["process", "dispatchDelivery", "confirmDelivery", "complete", "processReturnedItem"],
  inbound: ["process", "completeReturnDecommission"],
};

const directionOf = (order: OrderFacts) =>
  INBOUND_TRANSACTION_TYPES.includes(order.transactionType) ? "inbound" : "outbound";

export function nextStep(order: OrderFacts): Decision {
  if (isTerminal(order.status)) return { kind: "done" };
  const allowed = allowedActions(order);
  const action = PROVIDER_WORK[directionOf(order)].find((candidate) => allowed.includes(candidate));
  if (action) return { kind: "act", action };
  const plan = planPath(order, "processed");
  return {
    kind: "wait",
    reason: plan.ok
      ? `no provider work for a ${order.transactionType} in ${order.status}; move it with \`fulfill orders advance\``
      : plan.reason,
  };
}

/**
 * Where `fulfill run` leaves an order: the one place that says where each kind ENDS.
 * - processed or cancelled: there already, nothing more happens;
 * - a preorder the customer has not yet asked to ship: ready-for-delivery, where it waits;
 * - every other order: processed.
 */
export function destination(order: OrderFacts): FulfillmentStatus {
  if (isTerminal(order.status)) return order.status;
  return waitsForCustomer(order) ? CUSTOMER_DELIVERY_REQUEST.from : "processed";
}

/** The planner's word: this preorder cannot go out for delivery before the customer asks. */
function waitsForCustomer(order: OrderFacts): boolean {
  const plan = planPath(order, "in-delivery-outbound");
  return !plan.ok && plan.code === "preorder-awaits-request";
}

/** The actions `fulfill run` would take on `order` from here, and where it would stop. */
export function preview(order: OrderFacts): { actions: FulfillmentAction[]; end: FulfillmentStatus } {
  const actions: FulfillmentAction[] = [];
  let current = order;
  for (let decision = nextStep(current); decision.kind === "act"; decision = nextStep(current)) {
    const to = nextStatus(current, decision.action);
    // The flow has a loop (a rejected delivery comes back); the policy never takes it on its own.
    if (to === undefined || actions.length >= 10) break;
    actions.push(decision.action);
    current = { ...current, status: to };
  }
  return { actions, end: current.status };
}
