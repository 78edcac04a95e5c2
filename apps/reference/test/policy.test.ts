// The routine itself (where each kind ends, the physical way, never cancel) is specified and tested in
// @fulfillkit/transitions (packages/transitions/test/policy.test.ts); here, what the app adds to it.
import { FULFILLMENT_STATUSES, TRANSACTION_TYPES } from "@fulfillkit/core";
import { nextProviderStep, providerRoute } from "@fulfillkit/transitions";
import { describe, expect, test } from "vitest";
import { nextStep, preview } from "../src/worker/policy";

describe("the worker's policy is the package's provider routine", () => {
  test("for every status and kind, nextStep takes the routine's action, waits or is done with it", () => {
    for (const transactionType of TRANSACTION_TYPES) {
      for (const isPreorder of [false, true]) {
        for (const status of FULFILLMENT_STATUSES) {
          const order = { transactionType, isPreorder, status };
          const routine = nextProviderStep(order);
          expect(nextStep(order)).toMatchObject(routine.kind === "wait" ? { kind: "wait" } : routine);
          expect(preview(order)).toEqual(providerRoute(order));
        }
      }
    }
  });

  test("a preorder waits for the customer with the package's reason", () => {
    expect(nextStep({ id: 7, transactionType: "swap", isPreorder: true, status: "ready-for-delivery" })).toEqual({
      kind: "wait",
      waitsFor: "customer-delivery-request",
      reason:
        "order 7 is a preorder: it ships only after the customer requests delivery (status delivery-requested-outbound)",
    });
  });

  test("an order no routine step fits is left to `fulfill orders advance`, and the reason says so", () => {
    expect(nextStep({ id: 8, transactionType: "return", status: "ready-for-delivery" })).toEqual({
      kind: "wait",
      reason:
        "order 8 is ready-for-delivery: no routine step for a return there; move it with `fulfill orders advance`",
    });
  });

  test("preview: outbound orders ship physically, a new preorder stops in ready-for-delivery", () => {
    expect(preview({ transactionType: "order", isPreorder: false, status: "new" })).toEqual({
      actions: ["process", "process", "dispatchDelivery", "confirmDelivery", "complete"],
      end: "processed",
    });
    expect(preview({ transactionType: "order", isPreorder: true, status: "new" })).toMatchObject({
      actions: ["process", "process"],
      end: "ready-for-delivery",
    });
  });
});
