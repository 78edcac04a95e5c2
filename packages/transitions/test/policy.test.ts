import { FULFILLMENT_STATUSES, TRANSACTION_TYPES } from "@fulfillkit/core";
import { describe, expect, test } from "vitest";
import { isTerminal, nextProviderStep, nextStatus, type OrderFacts, PROVIDER_WORK, providerRoute } from "../src/index";

const everyKind = TRANSACTION_TYPES.flatMap((transactionType) =>
  [false, true].map((isPreorder) => ({ transactionType, isPreorder })),
);

describe("where each kind of order ends (providerRoute)", () => {
  // Written out by hand from docs/fulfillment-flow.md: the specification the routine is held to.
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
    expect(providerRoute({ transactionType, isPreorder, status }).end).toBe(end);
  });

  test("every route, from every status for every kind, is finite, valid step by step, and ends terminal or waiting", () => {
    for (const kind of everyKind) {
      for (const status of FULFILLMENT_STATUSES) {
        const route = providerRoute({ ...kind, status });
        expect(route.actions.length).toBeLessThan(FULFILLMENT_STATUSES.length);
        let at = status;
        for (const action of route.actions) at = nextStatus({ ...kind, status: at }, action) ?? at;
        expect(at).toBe(route.end);
        expect(isTerminal(route.end) || route.waiting !== undefined, `${JSON.stringify(kind)} ${status}`).toBe(true);
        if (route.waiting?.waitsFor === "customer-delivery-request") {
          expect({ ...kind, end: route.end }).toMatchObject({ isPreorder: true, end: "ready-for-delivery" });
        }
      }
    }
  });
});

describe("the provider's next step (nextProviderStep)", () => {
  test("outbound orders go the physical way: accept, prepare, dispatch, deliver, complete", () => {
    for (const transactionType of ["order", "swap", "change"] as const) {
      expect(providerRoute({ transactionType, isPreorder: false, status: "new" })).toEqual({
        actions: ["process", "process", "dispatchDelivery", "confirmDelivery", "complete"],
        end: "processed",
      });
    }
    expect(nextProviderStep({ transactionType: "order", status: "inprocess" })).toEqual({
      kind: "act",
      action: "process",
      to: "ready-for-delivery",
    });
  });

  test("a returned delivery is taken in and shipped again", () => {
    expect(providerRoute({ transactionType: "order", status: "delivery-returned-outbound" })).toEqual({
      actions: ["processReturnedItem", "process", "dispatchDelivery", "confirmDelivery", "complete"],
      end: "processed",
    });
  });

  test("inbound orders are accepted, then decommissioned (never completed like a sale)", () => {
    for (const transactionType of ["return", "cancellation"] as const) {
      expect(providerRoute({ transactionType, status: "new" }).actions).toEqual([
        "process",
        "completeReturnDecommission",
      ]);
    }
  });

  test("a preorder is prepared, then waits for the customer's delivery request, and says so", () => {
    expect(providerRoute({ id: 7, transactionType: "swap", isPreorder: true, status: "new" })).toEqual({
      actions: ["process", "process"],
      end: "ready-for-delivery",
      waiting: {
        kind: "wait",
        waitsFor: "customer-delivery-request",
        reason:
          "order 7 is a preorder: it ships only after the customer requests delivery (status delivery-requested-outbound)",
      },
    });
    expect(
      nextProviderStep({ transactionType: "swap", isPreorder: true, status: "delivery-requested-outbound" }),
    ).toEqual({ kind: "act", action: "dispatchDelivery", to: "in-delivery-outbound" });
  });

  test("an order no routine step fits waits for a person's decision, with a reason", () => {
    expect(nextProviderStep({ id: 8, transactionType: "return", status: "ready-for-delivery" })).toEqual({
      kind: "wait",
      waitsFor: "manual-decision",
      reason: "order 8 is ready-for-delivery: no routine step for a return there",
    });
    const newer = { id: 9, status: "on-hold", transactionType: "order" } as unknown as OrderFacts;
    expect(nextProviderStep(newer)).toEqual({
      kind: "wait",
      waitsFor: "manual-decision",
      reason: 'order 9: status "on-hold" is unknown; update @fulfillkit/transitions',
    });
  });

  test("terminal orders are done; the routine never cancels and never rejects a delivery", () => {
    expect(nextProviderStep({ transactionType: "order", status: "processed" })).toEqual({ kind: "done" });
    expect(nextProviderStep({ transactionType: "return", status: "cancelled" })).toEqual({ kind: "done" });
    const taken = new Set(Object.values(PROVIDER_WORK).flat());
    expect(taken.has("cancel")).toBe(false);
    expect(taken.has("rejectDelivery")).toBe(false);
    for (const kind of everyKind) {
      for (const status of FULFILLMENT_STATUSES) {
        const step = nextProviderStep({ ...kind, status });
        if (step.kind === "act") expect(["cancel", "rejectDelivery"]).not.toContain(step.action);
      }
    }
  });
});
