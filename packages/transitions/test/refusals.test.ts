import type { FulfillmentStatus } from "@fulfillkit/core";
import { describe, expect, test } from "vitest";
import { assertTransition, checkCustomerDeliveryRequest, checkTransition, TransitionError } from "../src/index";

const order = (status: FulfillmentStatus, extra: object = {}) => ({
  id: 42,
  status,
  transactionType: "order" as const,
  ...extra,
});

describe("refusals say why, with a stable code", () => {
  test("terminal status", () => {
    expect(checkTransition(order("processed"), { action: "cancel" })).toEqual({
      ok: false,
      code: "terminal-status",
      reason: "order 42 is already processed; nothing more can happen to it",
    });
  });

  test("a preorder dispatched too early", () => {
    for (const status of ["inprocess", "ready-for-delivery"] as const) {
      expect(checkTransition(order(status, { isPreorder: true }), { action: "dispatchDelivery" })).toEqual({
        ok: false,
        code: "preorder-awaits-request",
        reason:
          "order 42 is a preorder: it ships only after the customer requests delivery (status delivery-requested-outbound)",
      });
    }
  });

  test("cancelling goods in transit", () => {
    expect(checkTransition(order("in-delivery-outbound"), { action: "cancel" })).toEqual({
      ok: false,
      code: "in-transit",
      reason: "order 42 is in delivery: confirm or reject the delivery first",
    });
  });

  test("an action for another kind of order names the kinds it is for", () => {
    expect(checkTransition(order("inprocess"), { action: "completeReturnDecommission" })).toEqual({
      ok: false,
      code: "not-allowed-for-transaction-type",
      reason: "order 42 is inprocess: completeReturnDecommission is only for return, cancellation",
    });
    const ret = checkTransition({ id: 5, status: "inprocess", transactionType: "return" }, { action: "complete" });
    expect(ret).toEqual({
      ok: false,
      code: "not-allowed-for-transaction-type",
      reason: "order 5 is inprocess: complete is only for order, swap, change, cancellation",
    });
  });

  test("an action with no row from the status names what is allowed now", () => {
    const result = checkTransition(order("new"), { action: "confirmDelivery" });
    expect(result).toEqual({
      ok: false,
      code: "action-not-allowed-from-status",
      reason: "order 42 is new: confirmDelivery is not possible from there; allowed now: process, cancel",
    });
  });

  test("without an id the reason still reads well", () => {
    const result = checkTransition({ status: "cancelled", transactionType: "swap" }, { action: "process" });
    expect(!result.ok && result.reason).toBe("this order is already cancelled; nothing more can happen to it");
  });

  test("activationDate with another action than complete", () => {
    const result = checkTransition(order("new"), { action: "process", activationDate: "2026-12-01T00:00:00Z" });
    expect(result).toMatchObject({ ok: false, code: "activation-date-not-allowed" });
    expect(!result.ok && result.reason).toMatch(/^order 42: activationDate is allowed only with complete/);
  });

  test("complete with a valid activationDate is allowed", () => {
    expect(
      checkTransition(order("delivered-outbound"), { action: "complete", activationDate: "2026-12-01T10:00:00Z" }),
    ).toEqual({ ok: true, from: "delivered-outbound", to: "processed" });
  });

  test("unknown statuses, kinds and actions from a newer spec are refused, not thrown", () => {
    const newer = { id: 1, status: "on-hold", transactionType: "order" } as unknown as Parameters<
      typeof checkTransition
    >[0];
    expect(checkTransition(newer, { action: "process" })).toMatchObject({ ok: false, code: "unknown-status" });
    const kind = { id: 1, status: "new", transactionType: "upgrade" } as unknown as Parameters<
      typeof checkTransition
    >[0];
    expect(checkTransition(kind, { action: "process" })).toMatchObject({ ok: false, code: "unknown-transaction-type" });
    const action = { action: "teleport" } as unknown as Parameters<typeof checkTransition>[1];
    expect(checkTransition(order("new"), action)).toMatchObject({ ok: false, code: "unknown-action" });
    expect(checkTransition(newer, { action: "process" })).toMatchObject({
      reason: 'order 1: status "on-hold" is unknown; update @fulfillkit/transitions',
    });
    expect(checkTransition(kind, { action: "process" })).toMatchObject({
      reason: 'order 1: transaction type "upgrade" is unknown; update @fulfillkit/transitions',
    });
  });

  test("assertTransition throws a TransitionError carrying code and reason", () => {
    try {
      assertTransition(order("processed"), { action: "complete" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TransitionError);
      expect(error).toMatchObject({ code: "terminal-status", message: expect.stringContaining("order 42") });
    }
  });
});

describe("the customer's side", () => {
  test("a preorder ready for delivery can be requested", () => {
    expect(checkCustomerDeliveryRequest(order("ready-for-delivery", { isPreorder: true }))).toEqual({
      ok: true,
      from: "ready-for-delivery",
      to: "delivery-requested-outbound",
    });
  });

  test("not for other orders or statuses", () => {
    expect(checkCustomerDeliveryRequest(order("ready-for-delivery"))).toEqual({
      ok: false,
      code: "not-a-preorder",
      reason: "order 42 is not a preorder",
    });
    expect(checkCustomerDeliveryRequest(order("inprocess", { isPreorder: true }))).toEqual({
      ok: false,
      code: "action-not-allowed-from-status",
      reason: "order 42 is inprocess: the customer requests delivery only in ready-for-delivery",
    });
  });
});
