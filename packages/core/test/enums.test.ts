import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import * as core from "../src/index";

const spec = JSON.parse(readFileSync(new URL("../../../openapi/equipme-customer-api.json", import.meta.url), "utf8"));
const schemas: Record<string, { enum?: string[] }> = spec.components.schemas;

describe("enum tuples match the vendored spec", () => {
  test.each([
    ["FULFILLMENT_STATUSES", "FulfillmentStatus"],
    ["FULFILLMENT_ACTIONS", "FulfillmentAction"],
    ["TRANSACTION_TYPES", "FulfillmentOrderTransactionType"],
    ["FULFILLMENT_TYPES", "FulfillmentType"],
    ["OFFER_TYPES", "OfferType"],
    ["SERVICE_PRODUCT_TYPES", "ServiceProductType"],
    ["SERVICE_INSTANCE_METADATA_SCOPES", "ServiceInstanceMetadataScope"],
    ["LOCATION_TYPES", "LocationType"],
  ] as const)("%s is components.schemas.%s.enum", (exportName, schemaName) => {
    expect(core[exportName]).toEqual(schemas[schemaName]?.enum);
  });

  test("every enum in the spec has a tuple", () => {
    const enumSchemas = Object.entries(schemas).filter(([, schema]) => Array.isArray(schema.enum));
    const tuples = Object.values(core).filter(Array.isArray);
    expect(tuples).toHaveLength(enumSchemas.length);
  });

  test("the nine statuses and eight actions", () => {
    expect(core.FULFILLMENT_STATUSES).toHaveLength(9);
    expect(core.FULFILLMENT_ACTIONS).toHaveLength(8);
  });
});
