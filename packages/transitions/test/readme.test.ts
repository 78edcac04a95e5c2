// The first example of README.md, call by call, with the answers its comments promise.
import { expect, test } from "vitest";
import { allowedActions, checkTransition, planPath, providerRoute } from "../src/index";

test("the README's first example answers as its comments say", () => {
  const order = { id: 42, status: "ready-for-delivery", transactionType: "order", isPreorder: true } as const;
  expect(allowedActions(order)).toEqual(["cancel"]);
  expect(checkTransition(order, { action: "dispatchDelivery" })).toEqual({
    ok: false,
    code: "preorder-awaits-request",
    reason:
      "order 42 is a preorder: it ships only after the customer requests delivery (status delivery-requested-outbound)",
  });
  expect(planPath({ status: "new", transactionType: "order" }, "delivered-outbound")).toEqual({
    ok: true,
    actions: ["process", "dispatchDelivery", "confirmDelivery"],
  });
  expect(planPath({ id: 42, status: "new", transactionType: "order", isPreorder: true }, "processed")).toEqual({
    ok: false,
    code: "preorder-awaits-request",
    reason: expect.stringMatching(/^order 42 is a preorder: /),
    actions: ["process", "process"],
    stopsAt: "ready-for-delivery",
    waitsFor: "customer-delivery-request",
  });
  expect(providerRoute({ status: "new", transactionType: "swap" })).toEqual({
    actions: ["process", "process", "dispatchDelivery", "confirmDelivery", "complete"],
    end: "processed",
  });
});
