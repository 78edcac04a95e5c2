import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { assembleSpec, extractFragments, type JsonObject, serializeSpec } from "../src/assemble";

const fragment = (path: string, method: string, schemas: JsonObject): JsonObject => ({
  openapi: "3.0.4",
  info: { title: "Equipme Customer API", version: "v1" },
  security: [{ ApiKey: [] }],
  components: { securitySchemes: { ApiKey: { type: "apiKey", name: "X-API-KEY", in: "header" } }, schemas },
  paths: { [path]: { [method]: { summary: `${method} ${path}`, responses: { "204": { description: "ok" } } } } },
});

const page = (...fragments: unknown[]) =>
  [
    "# Fulfillment | Orders",
    ...fragments.map((f, i) => {
      const fence = i % 2 === 0 ? "````" : "```";
      return `## op ${i}\n\n> text\n\n${fence}json\n${JSON.stringify(f)}\n${fence}\n`;
    }),
    "# Agent Instructions\n\n```\nGET https://example.invalid/page.md?ask=<question>\n```\n",
  ].join("\n");

describe("extractFragments", () => {
  test("takes every ```json and ````json block that is an OpenAPI document, and nothing else", () => {
    const text = page(fragment("/a", "get", {}), fragment("/a/{id}", "put", {}), fragment("/a/{id}", "patch", {}));
    expect(extractFragments(text)).toHaveLength(3);
  });
});

describe("assembleSpec", () => {
  test("merges paths, unions components, keeps the rest unchanged", () => {
    const a = fragment("/orders", "get", { Status: { enum: ["new"] }, Error: { type: "object" } });
    const b = fragment("/orders/{id}", "get", { Error: { type: "object" } });
    const c = fragment("/orders/{id}", "patch", { Operation: { type: "object" } });
    const spec = assembleSpec([a, b, c]);
    expect(Object.keys(spec)).toEqual(["openapi", "info", "security", "components", "paths"]);
    expect(spec.info).toEqual(a.info);
    expect(Object.keys(spec.paths as object)).toEqual(["/orders", "/orders/{id}"]);
    expect(Object.keys((spec.paths as Record<string, object>)["/orders/{id}"] ?? {})).toEqual(["get", "patch"]);
    expect(Object.keys((spec.components as { schemas: object }).schemas)).toEqual(["Status", "Error", "Operation"]);
    expect(spec).not.toHaveProperty("servers");
  });

  test("refuses fragments that disagree on a shared schema", () => {
    const a = fragment("/a", "get", { Error: { type: "object" } });
    const b = fragment("/b", "get", { Error: { type: "string" } });
    expect(() => assembleSpec([a, b])).toThrow(/components\.schemas\.Error/);
  });

  test("refuses fragments with a different info", () => {
    const a = fragment("/a", "get", {});
    const b: JsonObject = { ...fragment("/b", "get", {}), info: { title: "Other", version: "v2" } };
    expect(() => assembleSpec([a, b])).toThrow(/top-level "info"/);
  });

  test("a page without fragments is an error, not an empty spec", () => {
    expect(() => assembleSpec(extractFragments("# nothing here"))).toThrow(/no OpenAPI fragment/);
  });

  test("the committed spec is stable under a round trip through the serializer", () => {
    const committed = readFileSync(new URL("../../../openapi/equipme-customer-api.json", import.meta.url), "utf8");
    expect(serializeSpec(JSON.parse(committed))).toBe(committed);
  });

  test("the committed spec has the five operations and no servers", () => {
    const spec = JSON.parse(
      readFileSync(new URL("../../../openapi/equipme-customer-api.json", import.meta.url), "utf8"),
    ) as { paths: Record<string, object>; servers?: unknown };
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual([
      "GET /v1/fulfillment/orders",
      "GET /v1/fulfillment/orders/{orderId}",
      "PUT /v1/fulfillment/orders/{orderId}",
      "PATCH /v1/fulfillment/orders/{orderId}",
      "POST /v1/fulfillment/orders/{orderId}/transitions",
    ]);
    expect(spec.servers).toBeUndefined();
  });
});
