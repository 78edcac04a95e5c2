import type { FulfillmentAction, FulfillmentStatus } from "@fulfillkit/core";
import {
  allowedActions,
  awaitsRequest,
  checkFacts,
  isTerminal,
  nameOf,
  nextStatus,
  type OrderFacts,
  terminalRefusal,
} from "./check";
import { CUSTOMER_DELIVERY_REQUEST, KNOWN_STATUSES } from "./flow";
import { type Refusal, refuse } from "./refusal";

export type PathPlan = { ok: true; actions: FulfillmentAction[] } | Refusal;

/** Breadth-first over provider actions: the shortest action sequence from the order's status to `target`. */
function shortestActions(order: OrderFacts, target: FulfillmentStatus): FulfillmentAction[] | undefined {
  const cameFrom = new Map<FulfillmentStatus, { previous: FulfillmentStatus; action: FulfillmentAction } | null>([
    [order.status, null],
  ]);
  const queue: FulfillmentStatus[] = [order.status];
  for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
    if (status === target) {
      const actions: FulfillmentAction[] = [];
      for (let step = cameFrom.get(status); step; step = cameFrom.get(step.previous)) actions.unshift(step.action);
      return actions;
    }
    const here = { ...order, status };
    for (const action of allowedActions(here)) {
      const to = nextStatus(here, action);
      if (to !== undefined && !cameFrom.has(to)) {
        cameFrom.set(to, { previous: status, action });
        queue.push(to);
      }
    }
  }
  return undefined;
}

/**
 * Plans the shortest way to `target` by provider actions alone. Never plans past a step only the
 * customer can take (a preorder waiting for its delivery request): it refuses and says so.
 */
export function planPath(order: OrderFacts, target: FulfillmentStatus): PathPlan {
  const facts = checkFacts(order);
  if (facts) return facts;
  const name = nameOf(order);
  if (!KNOWN_STATUSES.has(target)) {
    return refuse("unknown-status", `the target status "${target}" is unknown; update @fulfillkit/transitions`);
  }
  const actions = shortestActions(order, target);
  if (actions) return { ok: true, actions };

  const waitsForCustomer =
    order.isPreorder === true &&
    shortestActions(order, CUSTOMER_DELIVERY_REQUEST.from) !== undefined &&
    shortestActions({ ...order, status: CUSTOMER_DELIVERY_REQUEST.to }, target) !== undefined;
  if (waitsForCustomer) {
    return awaitsRequest(order);
  }
  if (isTerminal(order.status)) return terminalRefusal(order);
  return refuse(
    "unreachable",
    `${name} (${order.transactionType}, ${order.status}) cannot reach ${target} by provider actions`,
  );
}
