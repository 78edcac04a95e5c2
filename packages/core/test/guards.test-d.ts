import { describe, expectTypeOf, test } from "vitest";
import {
  type FulfillmentAction,
  type FulfillmentOrderTransactionType,
  type FulfillmentStatus,
  type FulfillmentType,
  isFulfillmentAction,
  isFulfillmentStatus,
  isFulfillmentType,
  isLocationType,
  isOfferType,
  isServiceInstanceMetadataScope,
  isServiceProductType,
  isTransactionType,
  type LocationType,
  type OfferType,
  type ServiceInstanceMetadataScope,
  type ServiceProductType,
} from "../src/index";

declare const fromQueue: string;

describe("every enum's guard narrows a string to the enum's union", () => {
  test("isFulfillmentAction", () => {
    if (isFulfillmentAction(fromQueue)) expectTypeOf(fromQueue).toEqualTypeOf<FulfillmentAction>();
    expectTypeOf(isFulfillmentAction).guards.toEqualTypeOf<FulfillmentAction>();
  });
  test("isFulfillmentStatus", () => {
    if (isFulfillmentStatus(fromQueue)) expectTypeOf(fromQueue).toEqualTypeOf<FulfillmentStatus>();
  });
  test("the other enums", () => {
    expectTypeOf(isTransactionType).guards.toEqualTypeOf<FulfillmentOrderTransactionType>();
    expectTypeOf(isFulfillmentType).guards.toEqualTypeOf<FulfillmentType>();
    expectTypeOf(isOfferType).guards.toEqualTypeOf<OfferType>();
    expectTypeOf(isServiceProductType).guards.toEqualTypeOf<ServiceProductType>();
    expectTypeOf(isServiceInstanceMetadataScope).guards.toEqualTypeOf<ServiceInstanceMetadataScope>();
    expectTypeOf(isLocationType).guards.toEqualTypeOf<LocationType>();
  });
});
