import {
  FULFILLMENT_ACTIONS,
  FULFILLMENT_STATUSES,
  type FulfillmentAction,
  type FulfillmentOrderTransactionType,
  type FulfillmentStatus,
  TRANSACTION_TYPES,
} from "@fulfillkit/core";
import { describe, expect, test } from "vitest";
import { allowedActions, assertTransition, checkTransition, nextStatus, TransitionError } from "../src/index";

// The table of docs/fulfillment-flow.md (at the repository's root), typed in again by hand so that the
// package's table is checked against it.
type Kind = { type: FulfillmentOrderTransactionType; preorder: boolean };
const outbound = (k: Kind) => ["order", "swap", "change"].includes(k.type);
const inbound = (k: Kind) => ["return", "cancellation"].includes(k.type);
const DOC: Array<[FulfillmentStatus, FulfillmentAction, FulfillmentStatus, (k: Kind) => boolean]> = [
  ["new", "process", "inprocess", () => true],
  ["new", "cancel", "cancelled", () => true],
  ["inprocess", "process", "ready-for-delivery", outbound],
  ["inprocess", "dispatchDelivery", "in-delivery-outbound", (k) => outbound(k) && !k.preorder],
  ["inprocess", "complete", "processed", (k) => k.type !== "return" && !k.preorder],
  ["inprocess", "completeReturnDecommission", "processed", inbound],
  ["inprocess", "cancel", "cancelled", () => true],
  ["ready-for-delivery", "dispatchDelivery", "in-delivery-outbound", (k) => !k.preorder],
  ["ready-for-delivery", "cancel", "cancelled", () => true],
  ["delivery-requested-outbound", "dispatchDelivery", "in-delivery-outbound", () => true],
  ["delivery-requested-outbound", "cancel", "cancelled", () => true],
  ["in-delivery-outbound", "confirmDelivery", "delivered-outbound", () => true],
  ["in-delivery-outbound", "rejectDelivery", "delivery-returned-outbound", () => true],
  ["delivery-returned-outbound", "processReturnedItem", "inprocess", () => true],
  ["delivery-returned-outbound", "cancel", "cancelled", () => true],
  ["delivered-outbound", "complete", "processed", () => true],
];

function expected(status: FulfillmentStatus, action: FulfillmentAction, kind: Kind): FulfillmentStatus | undefined {
  const row = DOC.find(([from, a, , when]) => from === status && a === action && when(kind));
  return row?.[2];
}

const cases = FULFILLMENT_STATUSES.flatMap((status) =>
  FULFILLMENT_ACTIONS.flatMap((action) =>
    TRANSACTION_TYPES.flatMap((type) => [false, true].map((preorder) => ({ status, action, type, preorder }))),
  ),
);

describe("every status × action × transaction type × preorder flag", () => {
  test("covers 9 × 8 × 5 × 2 combinations", () => {
    expect(cases).toHaveLength(720);
  });

  test.each(cases)("$status --$action--> ($type, preorder $preorder)", ({ status, action, type, preorder }) => {
    const order = { id: 7, status, transactionType: type, isPreorder: preorder };
    const to = expected(status, action, { type, preorder });
    expect(nextStatus(order, action)).toBe(to);
    const check = checkTransition(order, { action });
    if (to === undefined) {
      expect(check.ok).toBe(false);
      if (!check.ok) {
        expect(check.reason).toContain("order 7");
        expect(check.code).toMatch(/^[a-z-]+$/);
      }
      expect(() => assertTransition(order, { action })).toThrow(TransitionError);
      expect(allowedActions(order)).not.toContain(action);
    } else {
      expect(check).toEqual({ ok: true, from: status, to });
      expect(assertTransition(order, { action })).toBe(to);
      expect(allowedActions(order)).toContain(action);
    }
  });

  test("a preorder is never completed straight from inprocess: it waits for the customer's request", () => {
    for (const transactionType of ["order", "swap", "change", "cancellation"] as const) {
      expect(
        checkTransition({ id: 3, status: "inprocess", transactionType, isPreorder: true }, { action: "complete" }),
      ).toEqual({
        ok: false,
        code: "preorder-awaits-request",
        reason:
          "order 3 is a preorder: it ships only after the customer requests delivery (status delivery-requested-outbound)",
      });
      expect(nextStatus({ status: "inprocess", transactionType }, "complete")).toBe("processed");
    }
  });

  test("a missing isPreorder counts as not a preorder", () => {
    expect(nextStatus({ status: "ready-for-delivery", transactionType: "order" }, "dispatchDelivery")).toBe(
      "in-delivery-outbound",
    );
  });
});

describe("the table knows exactly the spec's enums", () => {
  test("statuses and actions of the table are the spec's", async () => {
    const { KNOWN_ACTIONS, KNOWN_STATUSES, EVERY_KIND } = await import("../src/flow");
    expect([...KNOWN_STATUSES].sort()).toEqual([...FULFILLMENT_STATUSES].sort());
    expect([...KNOWN_ACTIONS].sort()).toEqual([...FULFILLMENT_ACTIONS].sort());
    expect([...EVERY_KIND].sort()).toEqual([...TRANSACTION_TYPES].sort());
  });
});
