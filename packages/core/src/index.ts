/**
 * @fulfillkit/core: the Equipme Customer API's Fulfillment | Orders types, generated from the
 * vendored spec by openapi-typescript (./generated, never edited by hand), with named aliases
 * for the schemas a user touches and runtime tuples of every enum's values.
 */
import { fulfillmentOrderUpdateRule } from "./generated/rules";
import type { components, paths } from "./generated/schema";
import {
  fulfillmentActionValues,
  fulfillmentOrderTransactionTypeValues,
  fulfillmentStatusValues,
  fulfillmentTypeValues,
  locationTypeValues,
  offerTypeValues,
  serviceInstanceMetadataScopeValues,
  serviceProductTypeValues,
} from "./generated/schema";

export type { $defs, components, operations, paths, webhooks } from "./generated/schema";

type Schemas = components["schemas"];

export type FulfillmentOrder = Schemas["FulfillmentOrder"];
export type FulfillmentOrderList = Schemas["FulfillmentOrderList"];
export type FulfillmentStatus = Schemas["FulfillmentStatus"];
export type FulfillmentAction = Schemas["FulfillmentAction"];
export type FulfillmentTransition = Schemas["FulfillmentTransition"];
export type FulfillmentOrderTransactionType = Schemas["FulfillmentOrderTransactionType"];
export type FulfillmentType = Schemas["FulfillmentType"];
export type FulfillmentOrderUpdate = Schemas["FulfillmentOrderUpdate"];
export type FulfillmentAssignment = Schemas["FulfillmentAssignment"];
export type FulfillmentServiceOption = Schemas["FulfillmentServiceOption"];
export type Operation = Schemas["Operation"];
export type ErrorResponse = Schemas["ErrorResponse"];
export type Address = Schemas["Address"];
export type ResourceLink = Schemas["ResourceLink"];
export type ServiceOfferReference = Schemas["ServiceOfferReference"];
export type ServiceProductReference = Schemas["ServiceProductReference"];
export type ServiceProductType = Schemas["ServiceProductType"];
export type ServiceInstanceReference = Schemas["ServiceInstanceReference"];
export type TargetServiceInstanceReference = Schemas["TargetServiceInstanceReference"];
export type ServiceInstanceMetadataScope = Schemas["ServiceInstanceMetadataScope"];
export type MetadataEntry = Schemas["MetadataEntry"];
export type SalesOrderReference = Schemas["SalesOrderReference"];
export type SalesVersionOfferReference = Schemas["SalesVersionOfferReference"];
export type CustomerReference = Schemas["CustomerReference"];
export type EmployeeFulfillmentReference = Schemas["EmployeeFulfillmentReference"];
export type LocationReference = Schemas["LocationReference"];
export type LocationType = Schemas["LocationType"];
export type OfferType = Schemas["OfferType"];
export type ProductReference = Schemas["ProductReference"];
export type ProductOptionReference = Schemas["ProductOptionReference"];
export type ProductOptionVersionReference = Schemas["ProductOptionVersionReference"];
export type BomItem = Schemas["BomItem"];

/** Query parameters of `GET /v1/fulfillment/orders`. */
export type FulfillmentOrderListQuery = NonNullable<paths["/v1/fulfillment/orders"]["get"]["parameters"]["query"]>;

// Runtime values of every enum in the spec, in the spec's order (generated with --enum-values).
export const FULFILLMENT_STATUSES: readonly FulfillmentStatus[] = fulfillmentStatusValues;
export const FULFILLMENT_ACTIONS: readonly FulfillmentAction[] = fulfillmentActionValues;
export const TRANSACTION_TYPES: readonly FulfillmentOrderTransactionType[] = fulfillmentOrderTransactionTypeValues;
export const FULFILLMENT_TYPES: readonly FulfillmentType[] = fulfillmentTypeValues;
export const OFFER_TYPES: readonly OfferType[] = offerTypeValues;
export const SERVICE_PRODUCT_TYPES: readonly ServiceProductType[] = serviceProductTypeValues;
export const SERVICE_INSTANCE_METADATA_SCOPES: readonly ServiceInstanceMetadataScope[] =
  serviceInstanceMetadataScopeValues;
export const LOCATION_TYPES: readonly LocationType[] = locationTypeValues;

// The spec's rules (./generated/rules.ts), the checker that reads them, and a guard per enum.
export {
  fulfillmentOrderUpdateRule,
  fulfillmentTransitionRule,
  /** The query parameters of `GET /v1/fulfillment/orders`, as one object rule. */
  getFulfillmentOrdersQuery as LIST_QUERY_RULE,
  isFulfillmentAction,
  isFulfillmentOrderTransactionType,
  isFulfillmentOrderTransactionType as isTransactionType,
  isFulfillmentStatus,
  isFulfillmentType,
  isLocationType,
  isOfferType,
  isServiceInstanceMetadataScope,
  isServiceProductType,
  OPERATIONS,
  operationRule,
} from "./generated/rules";
export {
  findViolation,
  isDateTime,
  type OperationRules,
  oneOf,
  type Rule,
  type Violation,
} from "./rules";

/** The longest `externalId` the API accepts (`FulfillmentOrderUpdate.externalId.maxLength`). */
// (a pure call, so that a bundle that does not read it drops it)
export const EXTERNAL_ID_MAX_LENGTH: number = /* @__PURE__ */ (() =>
  fulfillmentOrderUpdateRule.properties.externalId.maxLength)();
