import { expect, test } from "vitest";
import { DEFINITIONS, RESPONSES } from "../src/json-schema";

/** The `#/definitions/…` names a schema refers to, directly. */
function refsOf(schema: unknown): string[] {
  if (schema === null || typeof schema !== "object") return [];
  return Object.entries(schema).flatMap(([key, value]) =>
    key === "$ref" ? [String(value).replace("#/definitions/", "")] : refsOf(value),
  );
}

test("DEFINITIONS holds exactly the components a response can contain, each once; every $ref resolves", () => {
  const reached = new Set<string>();
  const queue = Object.values(RESPONSES).flatMap((byStatus) => Object.values(byStatus).flatMap(refsOf));
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (reached.has(name)) continue;
    reached.add(name);
    expect(DEFINITIONS, `$ref to ${name}`).toHaveProperty([name]);
    queue.push(...refsOf(DEFINITIONS[name as keyof typeof DEFINITIONS]));
  }
  expect(new Set(Object.keys(DEFINITIONS))).toEqual(reached);
  // Request bodies are not in any response.
  expect(Object.keys(DEFINITIONS)).not.toContain("FulfillmentTransition");
  expect(Object.keys(DEFINITIONS)).not.toContain("FulfillmentOrderUpdate");
  // The order is written once and referred to: the list's items and GET one's 200 point at it.
  expect(RESPONSES["GET /v1/fulfillment/orders/{orderId}"]?.["200"]).toEqual({
    $ref: "#/definitions/FulfillmentOrder",
  });
  expect(JSON.stringify(DEFINITIONS).match(/"transactionType":\{/g)).toHaveLength(1);
});
