import {
  FULFILLMENT_STATUSES,
  type FulfillmentOrderTransactionType,
  type FulfillmentStatus,
  TRANSACTION_TYPES,
} from "@fulfillkit/core";
import {
  allowedActions,
  checkCustomerDeliveryRequest,
  INBOUND_TRANSACTION_TYPES,
  nextStatus,
  type OrderFacts,
} from "@fulfillkit/transitions";
import { describe, expect, test } from "vitest";
import { destination, nextStep, PROVIDER_WORK, preview } from "../src/worker/policy";

const kinds = TRANSACTION_TYPES.flatMap((transactionType) =>
  INBOUND_TRANSACTION_TYPES.includes(transactionType)
    ? [{ transactionType, isPreorder: false }]
    : [
        { transactionType, isPreorder: false },
        { transactionType, isPreorder: true },
      ],
);

/** Every status the flow can put an order of this kind in: provider actions and the customer's request, from new. */
function reachableStatuses(kind: { transactionType: FulfillmentOrderTransactionType; isPreorder: boolean }) {
  const seen = new Set<FulfillmentStatus>(["new"]);
  const queue: FulfillmentStatus[] = ["new"];
  for (let status = queue.shift(); status; status = queue.shift()) {
    const order = { ...kind, status };
    const customer = checkCustomerDeliveryRequest(order);
    const next = [
      ...allowedActions(order).map((action) => nextStatus(order, action)),
      customer.ok ? customer.to : undefined,
    ];
    for (const to of next) {
      if (to && !seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return [...seen];
}

describe("where each kind of order ends (destination)", () => {
  // Written out by hand from the flow document: the specification the policy is held to.
  test.each([
    ["order", false, "new", "processed"],
    ["swap", false, "new", "processed"],
    ["change", false, "new", "processed"],
    ["order", true, "new", "ready-for-delivery"],
    ["swap", true, "inprocess", "ready-for-delivery"],
    ["change", true, "ready-for-delivery", "ready-for-delivery"],
    ["order", true, "delivery-requested-outbound", "processed"],
    ["order", true, "in-delivery-outbound", "processed"],
    ["order", true, "delivery-returned-outbound", "ready-for-delivery"],
    ["order", false, "delivery-returned-outbound", "processed"],
    ["return", false, "new", "processed"],
    ["cancellation", false, "inprocess", "processed"],
    ["order", false, "processed", "processed"],
    ["swap", true, "cancelled", "cancelled"],
  ] as const)("%s (preorder: %s) in %s ends in %s", (transactionType, isPreorder, status, end) => {
    expect(destination({ transactionType, isPreorder, status })).toBe(end);
  });

  test("for every status the flow can produce, the worker's walk ends exactly at the destination", () => {
    let states = 0;
    for (const kind of kinds) {
      for (const status of reachableStatuses(kind)) {
        const order: OrderFacts = { ...kind, status };
        expect(preview(order).end, `${kind.transactionType} preorder=${kind.isPreorder} in ${status}`).toBe(
          destination(order),
        );
        states++;
      }
    }
    expect(states).toBeGreaterThan(30);
  });
});

describe("the worker's next step (nextStep)", () => {
  test("outbound orders go the physical way: accept, prepare, dispatch, deliver, complete", () => {
    for (const transactionType of ["order", "swap", "change"] as const) {
      expect(preview({ transactionType, isPreorder: false, status: "new" }).actions).toEqual([
        "process",
        "process",
        "dispatchDelivery",
        "confirmDelivery",
        "complete",
      ]);
    }
  });

  test("a returned delivery is taken in and shipped again", () => {
    expect(preview({ transactionType: "order", isPreorder: false, status: "delivery-returned-outbound" })).toEqual({
      actions: ["processReturnedItem", "process", "dispatchDelivery", "confirmDelivery", "complete"],
      end: "processed",
    });
  });

  test("inbound orders are accepted, then decommissioned (never completed like a sale)", () => {
    for (const transactionType of ["return", "cancellation"] as const) {
      expect(preview({ transactionType, status: "new" }).actions).toEqual(["process", "completeReturnDecommission"]);
    }
  });

  test("a preorder is prepared, then waits for the customer with the planner's reason", () => {
    expect(preview({ transactionType: "swap", isPreorder: true, status: "new" }).actions).toEqual([
      "process",
      "process",
    ]);
    const decision = nextStep({ id: 7, transactionType: "swap", isPreorder: true, status: "ready-for-delivery" });
    expect(decision).toEqual({
      kind: "wait",
      reason: expect.stringContaining("order 7 is a preorder: it ships only after the customer requests delivery"),
    });
    expect(nextStep({ transactionType: "swap", isPreorder: true, status: "delivery-requested-outbound" })).toEqual({
      kind: "act",
      action: "dispatchDelivery",
    });
  });

  test("terminal orders are done; the worker never cancels and never rejects a delivery", () => {
    expect(nextStep({ transactionType: "order", status: "processed" })).toEqual({ kind: "done" });
    expect(nextStep({ transactionType: "return", status: "cancelled" })).toEqual({ kind: "done" });
    const taken = new Set(Object.values(PROVIDER_WORK).flat());
    expect(taken.has("cancel")).toBe(false);
    expect(taken.has("rejectDelivery")).toBe(false);
    for (const kind of kinds) {
      for (const status of FULFILLMENT_STATUSES) {
        const decision = nextStep({ ...kind, status });
        if (decision.kind === "act") expect(["cancel", "rejectDelivery"]).not.toContain(decision.action);
      }
    }
  });
});
