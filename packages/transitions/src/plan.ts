import type { FulfillmentAction, FulfillmentStatus } from "@fulfillkit/core";
import {
  allowedActions,
  awaitsRequest,
  checkFacts,
  isTerminal,
  nextStatus,
  type OrderFacts,
  refuseOrder,
  terminalRefusal,
} from "./check";
import { CUSTOMER_DELIVERY_REQUEST } from "./flow";
import type { RefusalCode } from "./refusal";

/** `actions` take the order to the target, by provider actions alone. */
export type PlanReached = { ok: true; actions: FulfillmentAction[] };

/**
 * The target lies beyond a step only the customer takes: `actions` take the order as far as
 * `stopsAt` (`ready-for-delivery`), where it waits for the customer's delivery request.
 */
export type PlanAwaitsCustomer = {
  ok: false;
  code: "preorder-awaits-request";
  reason: string;
  actions: FulfillmentAction[];
  stopsAt: FulfillmentStatus;
  waitsFor: "customer-delivery-request";
};

/** No provider action leads towards the target. */
export type PlanRefusal = { ok: false; code: Exclude<RefusalCode, "preorder-awaits-request">; reason: string };

export type PathPlan = PlanReached | PlanAwaitsCustomer | PlanRefusal;

/** Breadth-first over provider actions: the shortest action sequence to every status the order can reach. */
function shortestPaths(order: OrderFacts): Map<FulfillmentStatus, FulfillmentAction[]> {
  const paths = new Map<FulfillmentStatus, FulfillmentAction[]>([[order.status, []]]);
  // A Map's iteration also visits the entries set while it runs: the map is the queue too.
  for (const [status, actions] of paths) {
    for (const action of allowedActions({ ...order, status })) {
      const to = nextStatus({ ...order, status }, action);
      if (to && !paths.has(to)) paths.set(to, [...actions, action]);
    }
  }
  return paths;
}

/**
 * Plans the shortest way to `target` by provider actions alone. `ok: true` only when the actions
 * reach the target. Never plans past a step only the customer can take: for a preorder whose
 * target lies beyond the customer's delivery request it answers `preorder-awaits-request` with
 * the plan up to where the order then waits (`actions`, `stopsAt`, `waitsFor`).
 */
export function planPath(order: OrderFacts, target: FulfillmentStatus): PathPlan {
  const facts = checkFacts(order);
  if (facts) return facts as PlanRefusal;
  const paths = shortestPaths(order);
  const actions = paths.get(target);
  if (actions) return { ok: true, actions };

  const { from, to } = CUSTOMER_DELIVERY_REQUEST;
  const upToRequest = paths.get(from);
  if (order.isPreorder && upToRequest && shortestPaths({ ...order, status: to }).has(target)) {
    const { reason } = awaitsRequest(order);
    return {
      ok: false,
      code: "preorder-awaits-request",
      reason,
      actions: upToRequest,
      stopsAt: from,
      waitsFor: "customer-delivery-request",
    };
  }
  if (isTerminal(order.status)) return terminalRefusal(order) as PlanRefusal;
  return refuseOrder(order, "unreachable", ` is ${order.status}: ${target} is not reachable from there`) as PlanRefusal;
}
