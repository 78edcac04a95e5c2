import type { FulfillmentAction } from "@fulfillkit/core";
import {
  allowedActions,
  INBOUND_TRANSACTION_TYPES,
  isTerminal,
  nextStatus,
  type OrderFacts,
  planPath,
} from "@fulfillkit/transitions";

/** What the worker does with an order now. */
export type Decision = { kind: "act"; action: FulfillmentAction } | { kind: "wait"; reason: string } | { kind: "done" };

/**
 * "As far as the provider can", decided from the flow of @fulfillkit/transitions:
 * - inbound orders (return, cancellation) are processed and decommissioned;
 * - outbound orders go the physical way: prepared, dispatched, delivered, then completed
 *   (not the inprocess → complete shortcut, which is for orders with nothing to ship);
 *   a returned delivery is prepared and shipped again;
 * - a preorder is prepared up to ready-for-delivery and waits there for the customer's request.
 */
export function decide(order: OrderFacts): Decision {
  if (isTerminal(order.status)) return { kind: "done" };

  if (INBOUND_TRANSACTION_TYPES.includes(order.transactionType)) {
    if (allowedActions(order).includes("completeReturnDecommission")) return act("completeReturnDecommission");
    return firstStepTo(order, "processed");
  }

  if (order.status === "delivered-outbound") return act("complete");
  const delivery = planPath(order, "delivered-outbound");
  if (delivery.ok) return act(delivery.actions[0] as FulfillmentAction);
  if (delivery.code === "preorder-awaits-request") {
    const prepare = planPath(order, "ready-for-delivery");
    if (prepare.ok && prepare.actions.length > 0) return act(prepare.actions[0] as FulfillmentAction);
  }
  return { kind: "wait", reason: delivery.reason };
}

function act(action: FulfillmentAction): Decision {
  return { kind: "act", action };
}

function firstStepTo(order: OrderFacts, target: "processed"): Decision {
  const plan = planPath(order, target);
  if (!plan.ok) return { kind: "wait", reason: plan.reason };
  return plan.actions.length > 0 ? act(plan.actions[0] as FulfillmentAction) : { kind: "done" };
}

/** The actions the worker will take on `order` from here, and where it ends (for previews and tests). */
export function route(order: OrderFacts): { actions: FulfillmentAction[]; end: OrderFacts["status"] } {
  const actions: FulfillmentAction[] = [];
  let current = order;
  for (let decision = decide(current); decision.kind === "act"; decision = decide(current)) {
    const to = nextStatus(current, decision.action);
    if (!to || actions.length > 20) break;
    actions.push(decision.action);
    current = { ...current, status: to };
  }
  return { actions, end: current.status };
}
