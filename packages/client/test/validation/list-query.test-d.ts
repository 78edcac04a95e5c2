import type { FulfillmentOrderListQuery, FulfillmentOrderTransactionType, FulfillmentStatus } from "@fulfillkit/core";
import { describe, expectTypeOf, test } from "vitest";
import { type ListQuery, SORT_BY, SORT_ORDER } from "../../src/index";

describe("ListQuery is derived from the spec's parameters", () => {
  test("every parameter of the spec, and no other", () => {
    expectTypeOf<keyof ListQuery>().toEqualTypeOf<keyof FulfillmentOrderListQuery>();
  });

  test("enums from the spec's schemas; sortBy and sortOrder from the values its descriptions give", () => {
    expectTypeOf<NonNullable<ListQuery["status"]>>().toEqualTypeOf<FulfillmentStatus[]>();
    expectTypeOf<NonNullable<ListQuery["transactionTypes"]>>().toEqualTypeOf<FulfillmentOrderTransactionType[]>();
    expectTypeOf<NonNullable<ListQuery["sortBy"]>>().toEqualTypeOf<"customer" | "date">();
    expectTypeOf<NonNullable<ListQuery["sortOrder"]>>().toEqualTypeOf<"asc" | "desc">();
    expectTypeOf(SORT_BY).toEqualTypeOf<readonly ["customer", "date"]>();
    expectTypeOf(SORT_ORDER).toEqualTypeOf<readonly ["asc", "desc"]>();
  });

  test("the other parameters keep the spec's types", () => {
    expectTypeOf<ListQuery["limit"]>().toEqualTypeOf<FulfillmentOrderListQuery["limit"]>();
    expectTypeOf<ListQuery["customers"]>().toEqualTypeOf<FulfillmentOrderListQuery["customers"]>();
  });
});
