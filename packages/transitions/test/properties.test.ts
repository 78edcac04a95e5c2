import {
  FULFILLMENT_STATUSES,
  type FulfillmentAction,
  type FulfillmentOrderTransactionType,
  type FulfillmentStatus,
  TRANSACTION_TYPES,
} from "@fulfillkit/core";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  allowedActions,
  CUSTOMER_ONLY_STATUSES,
  checkCustomerDeliveryRequest,
  checkTransition,
  isTerminal,
  nextStatus,
  type OrderFacts,
  OUTBOUND_TRANSACTION_TYPES,
  planPath,
  TERMINAL_STATUSES,
  TRANSITIONS,
} from "../src/index";

const kinds = fc.record({
  transactionType: fc.constantFrom(...TRANSACTION_TYPES),
  isPreorder: fc.boolean(),
});
const statuses = fc.constantFrom(...FULFILLMENT_STATUSES);
const outboundPreorders = fc.record({
  transactionType: fc.constantFrom(...OUTBOUND_TRANSACTION_TYPES),
  isPreorder: fc.constant(true),
});
const RUNS = { numRuns: 300 };

/** Takes `actions` one by one, each checked by the table; the status they lead to. */
function walk(order: OrderFacts, actions: readonly FulfillmentAction[]): FulfillmentStatus {
  let status = order.status;
  for (const action of actions) {
    const check = checkTransition({ ...order, status }, { action });
    if (!check.ok) throw new Error(check.reason);
    status = check.to;
  }
  return status;
}

/** Every status reachable from `from` by provider actions, with the length of the shortest way there. */
function distances(order: OrderFacts): Map<FulfillmentStatus, number> {
  const seen = new Map<FulfillmentStatus, number>([[order.status, 0]]);
  const queue = [order.status];
  for (let status = queue.shift(); status; status = queue.shift()) {
    for (const action of allowedActions({ ...order, status })) {
      const to = nextStatus({ ...order, status }, action);
      if (to && !seen.has(to)) {
        seen.set(to, (seen.get(status) ?? 0) + 1);
        queue.push(to);
      }
    }
  }
  return seen;
}

describe("random walks", () => {
  test("every step of a walk of allowed actions is a row of the table", () => {
    fc.assert(
      fc.property(kinds, fc.array(fc.nat(), { maxLength: 30 }), (kind, choices) => {
        let status: FulfillmentStatus = "new";
        for (const choice of choices) {
          const order = { ...kind, status };
          const actions = allowedActions(order);
          if (actions.length === 0) {
            expect(isTerminal(status)).toBe(true);
            return;
          }
          const action = actions[choice % actions.length] as FulfillmentAction;
          const check = checkTransition(order, { action });
          if (!check.ok) throw new Error(check.reason);
          expect(TRANSITIONS).toContainEqual(expect.objectContaining({ from: status, action, to: check.to }));
          status = check.to;
        }
      }),
      RUNS,
    );
  });

  test("terminal statuses are absorbing", () => {
    fc.assert(
      fc.property(kinds, fc.constantFrom(...TERMINAL_STATUSES), (kind, status) => {
        expect(allowedActions({ ...kind, status })).toEqual([]);
        expect(TRANSITIONS.some((rule) => rule.from === status)).toBe(false);
      }),
      RUNS,
    );
  });
});

describe("planPath", () => {
  test("every plan is valid step by step, ends at the target, and none shorter exists (BFS)", () => {
    fc.assert(
      fc.property(kinds, statuses, statuses, (kind, from, target) => {
        const order = { ...kind, id: 9, status: from };
        const plan = planPath(order, target);
        const shortest = distances(order).get(target);
        if (!plan.ok) {
          expect(shortest).toBeUndefined();
          expect(plan.reason).toContain("order 9");
          return;
        }
        expect(plan.actions).toHaveLength(shortest ?? -1);
        expect(walk(order, plan.actions)).toBe(target);
      }),
      RUNS,
    );
  });

  test("a plan that waits for the customer is valid up to where it stops, and the target lies beyond the request", () => {
    fc.assert(
      fc.property(kinds, statuses, statuses, (kind, from, target) => {
        const order = { ...kind, status: from };
        const plan = planPath(order, target);
        if (plan.ok || plan.code !== "preorder-awaits-request") return;
        expect(kind.isPreorder).toBe(true);
        expect(plan).toMatchObject({ stopsAt: "ready-for-delivery", waitsFor: "customer-delivery-request" });
        expect(walk(order, plan.actions)).toBe(plan.stopsAt);
        expect(distances({ ...order, status: "delivery-requested-outbound" }).has(target)).toBe(true);
      }),
      RUNS,
    );
  });

  test("no plan for a preorder reaches processed without confirmDelivery (unless it was delivered already)", () => {
    // Outbound kinds: a preorder of an inbound kind ships nothing, it is decommissioned.
    fc.assert(
      fc.property(outboundPreorders, statuses, (kind, from) => {
        const plan = planPath({ ...kind, status: from }, "processed");
        if (plan.ok && from !== "delivered-outbound" && from !== "processed") {
          expect(plan.actions).toContain("confirmDelivery");
        }
        if (!plan.ok && plan.code === "preorder-awaits-request") {
          expect(plan.actions).not.toContain("complete");
          expect(plan.actions).not.toContain("dispatchDelivery");
        }
      }),
      RUNS,
    );
  });

  test("every walk of a preorder from new to processed passes the customer's request, then confirmDelivery", () => {
    // Random walks of provider actions and the customer's request, the only way a preorder goes on.
    // `cancel` only leads to cancelled, so the walks leave it out: they are about the ways to processed.
    let completed = 0;
    fc.assert(
      fc.property(outboundPreorders, fc.array(fc.nat(), { maxLength: 40 }), (kind, choices) => {
        let status: FulfillmentStatus = "new";
        const steps: string[] = [];
        for (const choice of choices) {
          const order: OrderFacts = { ...kind, status };
          const customer = checkCustomerDeliveryRequest(order);
          const moves: Array<readonly [string, FulfillmentStatus | undefined]> = [
            ...allowedActions(order)
              .filter((action) => action !== "cancel")
              .map((action) => [action, nextStatus(order, action)] as const),
            ...(customer.ok ? [["customer", customer.to] as const] : []),
          ];
          const move = moves[choice % Math.max(moves.length, 1)];
          if (!move?.[1]) break;
          steps.push(move[0]);
          status = move[1];
        }
        if (status !== "processed") return;
        const requested = steps.lastIndexOf("customer");
        expect(requested).toBeGreaterThanOrEqual(0);
        expect(steps.indexOf("confirmDelivery", requested)).toBeGreaterThan(requested);
        expect(steps.at(-1)).toBe("complete");
        completed++;
      }),
      { numRuns: 1000 },
    );
    expect(completed).toBeGreaterThan(100);
  });

  test("outbound non-preorder: new → delivered-outbound is process, dispatchDelivery, confirmDelivery", () => {
    for (const transactionType of ["order", "swap", "change"] as const) {
      expect(planPath({ status: "new", transactionType }, "delivered-outbound")).toEqual({
        ok: true,
        actions: ["process", "dispatchDelivery", "confirmDelivery"],
      });
    }
  });

  test("a new preorder is planned up to ready-for-delivery, and the planner says what it then waits for", () => {
    for (const target of [
      "processed",
      "delivered-outbound",
      "in-delivery-outbound",
      "delivery-requested-outbound",
    ] as const) {
      expect(planPath({ id: 42, status: "new", transactionType: "order", isPreorder: true }, target)).toEqual({
        ok: false,
        code: "preorder-awaits-request",
        reason:
          "order 42 is a preorder: it ships only after the customer requests delivery (status delivery-requested-outbound)",
        actions: ["process", "process"],
        stopsAt: "ready-for-delivery",
        waitsFor: "customer-delivery-request",
      });
    }
    expect(planPath({ status: "new", transactionType: "order", isPreorder: true }, "ready-for-delivery")).toEqual({
      ok: true,
      actions: ["process", "process"],
    });
  });

  test("a preorder in ready-for-delivery has no step to take until the customer's request, and the planner says so", () => {
    const order = {
      id: 42,
      status: "ready-for-delivery" as const,
      transactionType: "order" as const,
      isPreorder: true,
    };
    for (const target of [
      "in-delivery-outbound",
      "delivered-outbound",
      "delivery-requested-outbound",
      "processed",
    ] as const) {
      const plan = planPath(order, target);
      expect(plan).toMatchObject({
        ok: false,
        code: "preorder-awaits-request",
        actions: [],
        stopsAt: "ready-for-delivery",
      });
      expect(!plan.ok && plan.reason).toContain("customer requests delivery");
    }
    expect(planPath({ ...order, status: "delivery-requested-outbound" }, "delivered-outbound")).toEqual({
      ok: true,
      actions: ["dispatchDelivery", "confirmDelivery"],
    });
  });

  test("a return reaches processed only through completeReturnDecommission", () => {
    const plan = planPath({ status: "new", transactionType: "return" }, "processed");
    expect(plan).toEqual({ ok: true, actions: ["process", "completeReturnDecommission"] });
    const viaComplete = checkTransition({ status: "inprocess", transactionType: "return" }, { action: "complete" });
    expect(viaComplete.ok).toBe(false);
  });

  test("a plan to the current status is empty; a terminal order cannot be planned onward", () => {
    expect(planPath({ status: "inprocess", transactionType: "order" }, "inprocess")).toEqual({ ok: true, actions: [] });
    expect(planPath({ status: "processed", transactionType: "order" }, "new")).toMatchObject({
      ok: false,
      code: "terminal-status",
    });
    expect(planPath({ status: "new", transactionType: "return" }, "ready-for-delivery")).toEqual({
      ok: false,
      code: "unreachable",
      reason: "this order is new: ready-for-delivery is not reachable from there",
    });
  });
});

describe("reachability (the properties docs/fulfillment-flow.md asks for)", () => {
  const reachableFromNew = (type: FulfillmentOrderTransactionType, isPreorder: boolean) =>
    distances({ status: "new", transactionType: type, isPreorder });

  test("every status but the customer-only ones is reachable from new for some kind of order", () => {
    const reached = new Set<FulfillmentStatus>();
    for (const type of TRANSACTION_TYPES) {
      for (const isPreorder of [false, true])
        for (const status of reachableFromNew(type, isPreorder).keys()) reached.add(status);
    }
    expect([...reached].sort()).toEqual(FULFILLMENT_STATUSES.filter((s) => !CUSTOMER_ONLY_STATUSES.includes(s)).sort());
    expect(reached.has("delivery-requested-outbound")).toBe(false);
  });

  test("from every non-terminal status some terminal status is reachable, for every kind", () => {
    for (const type of TRANSACTION_TYPES) {
      for (const isPreorder of [false, true]) {
        for (const status of FULFILLMENT_STATUSES.filter((s) => !isTerminal(s))) {
          const reach = distances({ status, transactionType: type, isPreorder });
          expect(
            TERMINAL_STATUSES.some((t) => reach.has(t)),
            `${type} ${isPreorder} ${status}`,
          ).toBe(true);
        }
      }
    }
  });
});
