import { describe, expectTypeOf, test } from "vitest";
import type {
  FulfillmentAction,
  FulfillmentOrder,
  FulfillmentOrderListQuery,
  FulfillmentOrderTransactionType,
  FulfillmentOrderUpdate,
  FulfillmentStatus,
  FulfillmentTransition,
  paths,
} from "../src/index";
import { FULFILLMENT_ACTIONS, FULFILLMENT_STATUSES, TRANSACTION_TYPES } from "../src/index";

type NineStatuses =
  | "new"
  | "inprocess"
  | "ready-for-delivery"
  | "delivery-requested-outbound"
  | "in-delivery-outbound"
  | "delivered-outbound"
  | "delivery-returned-outbound"
  | "processed"
  | "cancelled";

type EightActions =
  | "process"
  | "dispatchDelivery"
  | "rejectDelivery"
  | "confirmDelivery"
  | "processReturnedItem"
  | "complete"
  | "completeReturnDecommission"
  | "cancel";

describe("schema shapes", () => {
  test("FulfillmentOrder['status'] is the nine-status union", () => {
    expectTypeOf<FulfillmentOrder["status"]>().toEqualTypeOf<NineStatuses>();
    expectTypeOf<FulfillmentStatus>().toEqualTypeOf<NineStatuses>();
  });

  test("FulfillmentAction is the eight-action union", () => {
    expectTypeOf<FulfillmentAction>().toEqualTypeOf<EightActions>();
  });

  test("transaction types", () => {
    expectTypeOf<FulfillmentOrderTransactionType>().toEqualTypeOf<
      "order" | "return" | "change" | "swap" | "cancellation"
    >();
  });

  test("a transition body with an unknown action does not compile", () => {
    expectTypeOf<{ action: "complete"; activationDate: "2026-01-01T00:00:00Z" }>().toExtend<FulfillmentTransition>();
    // @ts-expect-error "ship" is not a FulfillmentAction
    const body: FulfillmentTransition = { action: "ship" };
    // @ts-expect-error no property besides action and activationDate
    const extra: FulfillmentTransition = { action: "process", note: "x" };
    expectTypeOf(body).toEqualTypeOf<FulfillmentTransition>();
    expectTypeOf(extra).toEqualTypeOf<FulfillmentTransition>();
  });

  test("required order fields are required, optional ones optional", () => {
    expectTypeOf<FulfillmentOrder["id"]>().toEqualTypeOf<number>();
    expectTypeOf<FulfillmentOrder["isPreorder"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<FulfillmentOrder["externalId"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<FulfillmentOrderUpdate["externalId"]>().toEqualTypeOf<string | null | undefined>();
  });

  test("list query arrays are typed by their enums", () => {
    expectTypeOf<FulfillmentOrderListQuery["status"]>().toEqualTypeOf<NineStatuses[] | undefined>();
    expectTypeOf<FulfillmentOrderListQuery["limit"]>().toEqualTypeOf<number | undefined>();
    // @ts-expect-error unknown query key
    const query: FulfillmentOrderListQuery = { state: ["new"] };
    expectTypeOf(query).toEqualTypeOf<FulfillmentOrderListQuery>();
  });

  test("the five operations are in paths", () => {
    expectTypeOf<keyof paths>().toEqualTypeOf<
      "/v1/fulfillment/orders" | "/v1/fulfillment/orders/{orderId}" | "/v1/fulfillment/orders/{orderId}/transitions"
    >();
    expectTypeOf<paths["/v1/fulfillment/orders/{orderId}"]["put"]>().not.toBeNever();
    expectTypeOf<paths["/v1/fulfillment/orders/{orderId}"]["patch"]>().not.toBeNever();
  });

  test("enum tuples carry their union types", () => {
    expectTypeOf(FULFILLMENT_STATUSES).toEqualTypeOf<readonly FulfillmentStatus[]>();
    expectTypeOf(FULFILLMENT_ACTIONS).toEqualTypeOf<readonly FulfillmentAction[]>();
    expectTypeOf(TRANSACTION_TYPES).toEqualTypeOf<readonly FulfillmentOrderTransactionType[]>();
  });
});
