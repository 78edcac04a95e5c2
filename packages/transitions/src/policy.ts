/**
 * The provider's routine: which of the allowed actions a provider takes on its own, and so where
 * each kind of order ends. The table says what MAY happen; this says what a provider's worker DOES.
 */
import type { FulfillmentAction, FulfillmentStatus } from "@fulfillkit/core";
import { isTerminal, nextStatus, type OrderFacts, refuseOrder } from "./check";
import { INBOUND_TRANSACTION_TYPES } from "./flow";
import { planPath } from "./plan";

/** Why the routine stops short of a terminal status. */
export type ProviderWait = {
  kind: "wait";
  /** `customer-delivery-request`: a preorder in `ready-for-delivery`; `manual-decision`: no routine step fits. */
  waitsFor: "customer-delivery-request" | "manual-decision";
  reason: string;
};

/** What the provider does with an order now. */
export type ProviderStep =
  | { kind: "act"; action: FulfillmentAction; to: FulfillmentStatus }
  | ProviderWait
  | { kind: "done" };

/**
 * The provider's work on each kind of order, in the order it happens: at every step the routine
 * takes the FIRST of these actions that the flow allows now. `process` comes before `complete`,
 * so outbound goods always travel (dispatch, confirm, complete) rather than take the
 * `inprocess → complete` shortcut. Never listed: `cancel` and `rejectDelivery`, decisions for a person.
 */
export const PROVIDER_WORK: Readonly<Record<"outbound" | "inbound", readonly FulfillmentAction[]>> = {
  outbound: ["process", "dispatchDelivery", "confirmDelivery", "complete", "processReturnedItem"],
  inbound: ["process", "completeReturnDecommission"],
};

/** The provider's next step for `order`: an action, a wait (and for what), or done. */
export function nextProviderStep(order: OrderFacts): ProviderStep {
  if (isTerminal(order.status)) return { kind: "done" };
  for (const action of PROVIDER_WORK[
    INBOUND_TRANSACTION_TYPES.includes(order.transactionType) ? "inbound" : "outbound"
  ]) {
    const to = nextStatus(order, action);
    if (to) return { kind: "act", action, to };
  }
  const plan = planPath(order, "processed");
  if (!plan.ok && plan.code === "preorder-awaits-request") {
    return { kind: "wait", waitsFor: plan.waitsFor, reason: plan.reason };
  }
  const { reason } = plan.ok
    ? refuseOrder(
        order,
        "action-not-allowed-from-status",
        ` is ${order.status}: no routine step for a ${order.transactionType} there`,
      )
    : plan;
  return { kind: "wait", waitsFor: "manual-decision", reason };
}

/** Where the routine takes `order` from here: its actions, the status it ends in, and why it waits there, if it does. */
export function providerRoute(order: OrderFacts): {
  actions: FulfillmentAction[];
  end: FulfillmentStatus;
  waiting?: ProviderWait;
} {
  const actions: FulfillmentAction[] = [];
  let status = order.status;
  // Finite: without rejectDelivery (never routine) the table has no cycle; a test walks every status.
  for (;;) {
    const step = nextProviderStep({ ...order, status });
    if (step.kind !== "act")
      return step.kind === "wait" ? { actions, end: status, waiting: step } : { actions, end: status };
    actions.push(step.action);
    status = step.to;
  }
}
