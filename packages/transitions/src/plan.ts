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
import type { Refusal } from "./refusal";

export type PathPlan = { ok: true; actions: FulfillmentAction[] } | Refusal;

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
 * Plans the shortest way to `target` by provider actions alone. Never plans past a step only the
 * customer can take (a preorder waiting for its delivery request): it refuses and says so.
 */
export function planPath(order: OrderFacts, target: FulfillmentStatus): PathPlan {
  const facts = checkFacts(order);
  if (facts) return facts;
  const paths = shortestPaths(order);
  const actions = paths.get(target);
  if (actions) return { ok: true, actions };

  const { from, to } = CUSTOMER_DELIVERY_REQUEST;
  if (order.isPreorder && paths.has(from) && shortestPaths({ ...order, status: to }).has(target)) {
    return awaitsRequest(order);
  }
  if (isTerminal(order.status)) return terminalRefusal(order);
  return refuseOrder(order, "unreachable", ` is ${order.status}: ${target} is not reachable from there`);
}
