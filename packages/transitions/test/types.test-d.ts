import type { FulfillmentAction, FulfillmentOrder, FulfillmentStatus } from "@fulfillkit/core";
import { describe, expectTypeOf, test } from "vitest";
import {
  allowedActions,
  checkTransition,
  nextProviderStep,
  type OrderFacts,
  type PathPlan,
  planPath,
  type RefusalCode,
  type TransitionCheck,
} from "../src/index";

describe("types", () => {
  test("a full FulfillmentOrder is OrderFacts", () => {
    expectTypeOf<FulfillmentOrder>().toExtend<OrderFacts>();
    expectTypeOf<{ status: "new"; transactionType: "order" }>().toExtend<OrderFacts>();
  });

  test("unknown actions, statuses and kinds do not compile", () => {
    const order: OrderFacts = { status: "new", transactionType: "order" };
    // @ts-expect-error "ship" is not a FulfillmentAction
    checkTransition(order, { action: "ship" });
    // @ts-expect-error "shipped" is not a FulfillmentStatus
    planPath(order, "shipped");
    // @ts-expect-error "upgrade" is not a transaction type
    const kind: OrderFacts = { status: "new", transactionType: "upgrade" };
    expectTypeOf(kind).toEqualTypeOf<OrderFacts>();
  });

  test("results are discriminated unions", () => {
    expectTypeOf(checkTransition).returns.toEqualTypeOf<TransitionCheck>();
    expectTypeOf(allowedActions).returns.toEqualTypeOf<FulfillmentAction[]>();
    const check = checkTransition({ status: "new", transactionType: "order" }, { action: "process" });
    if (check.ok) expectTypeOf(check.to).toEqualTypeOf<FulfillmentStatus>();
    else expectTypeOf(check.code).toEqualTypeOf<RefusalCode>();
    const plan: PathPlan = planPath({ status: "new", transactionType: "order" }, "processed");
    if (plan.ok) expectTypeOf(plan.actions).toEqualTypeOf<FulfillmentAction[]>();
    else if (plan.code === "preorder-awaits-request") {
      // The code alone narrows to the partial plan: no `in` checks.
      expectTypeOf(plan.actions).toEqualTypeOf<FulfillmentAction[]>();
      expectTypeOf(plan.stopsAt).toEqualTypeOf<FulfillmentStatus>();
      expectTypeOf(plan.waitsFor).toEqualTypeOf<"customer-delivery-request">();
    } else expectTypeOf(plan).not.toHaveProperty("actions");
  });

  test("the provider's step is a discriminated union", () => {
    const step = nextProviderStep({ status: "new", transactionType: "order" });
    if (step.kind === "act") expectTypeOf(step.to).toEqualTypeOf<FulfillmentStatus>();
    if (step.kind === "wait")
      expectTypeOf(step.waitsFor).toEqualTypeOf<"customer-delivery-request" | "manual-decision">();
  });
});
