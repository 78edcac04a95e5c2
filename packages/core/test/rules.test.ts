import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  EXTERNAL_ID_MAX_LENGTH,
  FULFILLMENT_ACTIONS,
  FULFILLMENT_STATUSES,
  findViolation,
  isDateTime,
  isFulfillmentAction,
  isFulfillmentStatus,
  isTransactionType,
  LIST_QUERY_RULE,
  OPERATIONS,
} from "../src/index";

const SPEC_FILE = new URL("../../../openapi/equipme-customer-api.json", import.meta.url).pathname;
const spec = JSON.parse(readFileSync(SPEC_FILE, "utf8"));

describe("isDateTime: RFC 3339, on a real calendar day", () => {
  test.each([
    "2026-12-01T00:00:00Z",
    "2026-12-01T23:59:59.123456+05:30",
    "2024-02-29T12:00:00-08:00",
    "2000-02-29T00:00:00Z",
    "0000-02-29T00:00:00Z",
    "2026-01-31T00:00:00z",
  ])("accepts %s", (value) => expect(isDateTime(value)).toBe(true));

  test.each([
    "2026-02-30T00:00:00Z",
    "2026-02-31T00:00:00Z",
    "2025-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-00-10T00:00:00Z",
    "2026-01-00T00:00:00Z",
    "2026-12-01T24:00:00Z",
    "2026-12-01T23:60:00Z",
    "2026-12-01T23:59:61Z",
    "2026-12-01T00:00:00+24:00",
    "2026-12-01T00:00:00",
    "2026-12-01",
    "soon",
    "",
  ])("refuses %s", (value) => expect(isDateTime(value)).toBe(false));

  test("refuses what is not a string", () => {
    expect(isDateTime(Date.now())).toBe(false);
    expect(isDateTime(null)).toBe(false);
  });
});

describe("the generated rules are the spec's", () => {
  test("every operation, with the statuses it declares", () => {
    const expected: Record<string, (number | string)[]> = {};
    for (const [path, item] of Object.entries<Record<string, { responses: object }>>(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expected[`${method.toUpperCase()} ${path}`] = Object.keys(operation.responses).map(Number);
      }
    }
    expect(Object.fromEntries(Object.entries(OPERATIONS).map(([key, op]) => [key, [...op.statuses]]))).toEqual(
      expected,
    );
  });

  test("every list query parameter, and their enums by reference to the enum tuples", () => {
    const names = spec.paths["/v1/fulfillment/orders"].get.parameters.map((p: { name: string }) => p.name);
    expect(Object.keys(LIST_QUERY_RULE.properties)).toEqual(names);
    expect(LIST_QUERY_RULE.properties.status.items.enum).toBe(FULFILLMENT_STATUSES);
    expect(OPERATIONS["GET /v1/fulfillment/orders"].arrayStyles.status).toEqual({ style: "form", explode: true });
  });

  test("limits the vendor states in prose: limit's range and the sort values", () => {
    expect(LIST_QUERY_RULE.properties.limit).toMatchObject({ minimum: 1, maximum: 1000, default: 100 });
    expect(LIST_QUERY_RULE.properties.sortBy.enum).toEqual(["customer", "date"]);
    expect(LIST_QUERY_RULE.properties.sortOrder.enum).toEqual(["asc", "desc"]);
  });

  test("externalId's length is the update body's maxLength", () => {
    expect(EXTERNAL_ID_MAX_LENGTH).toBe(spec.components.schemas.FulfillmentOrderUpdate.properties.externalId.maxLength);
    expect(EXTERNAL_ID_MAX_LENGTH).toBe(100);
  });

  test("the committed files are what the generator writes (the stale check can fail)", () => {
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    const script = new URL("../scripts/generate-rules.ts", import.meta.url).pathname;
    const check = (specFile: string) =>
      execFileSync(process.execPath, [tsx, script, "--check", "--spec", specFile], { stdio: "pipe" });
    expect(() => check(SPEC_FILE)).not.toThrow();
    const edited = structuredClone(spec);
    edited.components.schemas.FulfillmentOrderUpdate.properties.externalId.maxLength = 50;
    const file = join(mkdtempSync(join(tmpdir(), "core-rules-")), "spec.json");
    writeFileSync(file, JSON.stringify(edited));
    expect(() => check(file)).toThrow(/stale generated files/);
  }, 60_000);
});

describe("findViolation names the field and what it must be", () => {
  const body = OPERATIONS["PUT /v1/fulfillment/orders/{orderId}"].body;
  test.each([
    [{ externalId: "x".repeat(101) }, "body.externalId", "a string of at most 100 characters, or null"],
    [{ status: "new" }, "body.status", "absent: the known keys are externalId"],
    ["x", "body", "an object"],
  ])("%j", (value, field, allowed) => {
    expect(findViolation(body, value, "body")).toMatchObject({ field, allowed });
  });

  test("the violation carries the offending value itself, not the object around it", () => {
    expect(findViolation(body, { externalId: 7 }, "body")?.value).toBe(7);
    expect(findViolation(body, { status: "new" }, "body")?.value).toBe("new");
    expect(findViolation(LIST_QUERY_RULE, { limit: 5000 }, "query")).toMatchObject({
      field: "query.limit",
      value: 5000,
    });
  });

  test("fits: nothing to say", () => {
    expect(findViolation(body, { externalId: null }, "body")).toBeUndefined();
    expect(findViolation(body, {}, "body")).toBeUndefined();
  });

  test("arrays name the index; integers their format's range", () => {
    const customers = LIST_QUERY_RULE.properties.customers;
    expect(findViolation(customers, [1, 2 ** 31], "customers")).toEqual({
      field: "customers[1]",
      allowed: "an integer from -2147483648 to 2147483647",
      value: 2 ** 31,
    });
    expect(findViolation(customers, "1", "customers")).toMatchObject({ field: "customers", allowed: /^an array of/ });
  });

  test("a required property that is missing", () => {
    const transition = OPERATIONS["POST /v1/fulfillment/orders/{orderId}/transitions"].body;
    expect(findViolation(transition, {}, "")).toEqual({
      field: "action",
      allowed: `one of ${FULFILLMENT_ACTIONS.join(", ")}`,
      value: undefined,
    });
    expect(findViolation(transition, { action: "complete", activationDate: "2026-02-30T00:00:00Z" }, "")).toMatchObject(
      {
        field: "activationDate",
      },
    );
  });
});

describe("type guards, generated with the enums", () => {
  test("accept the enum's values and nothing else", () => {
    expect(FULFILLMENT_ACTIONS.every(isFulfillmentAction)).toBe(true);
    expect(FULFILLMENT_STATUSES.every(isFulfillmentStatus)).toBe(true);
    expect(isFulfillmentAction("ship")).toBe(false);
    expect(isFulfillmentStatus("Processed")).toBe(false);
    expect(isTransactionType("return")).toBe(true);
    expect(isTransactionType(5)).toBe(false);
  });
});
