/**
 * The vendored spec, read at startup and turned into Fastify route schemas: every request rule
 * the sandbox enforces on the vendor API comes from here, so a new parameter, enum value or
 * limit in the spec needs no edit in the sandbox.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fromParameter, fromSchema } from "@openapi-contrib/openapi-schema-to-json-schema";

export const VENDORED_SPEC_PATH = fileURLToPath(new URL("../../../openapi/equipme-customer-api.json", import.meta.url));

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  description?: string;
  schema?: Json;
}

export interface OperationSchemas {
  querystring?: Json;
  params?: Json;
  body?: Json;
}

export interface SpecOperation {
  method: string;
  /** The path as the spec writes it (`{orderId}`). */
  specPath: string;
  /** The path in Fastify's syntax (`:orderId`). */
  url: string;
  schema: OperationSchemas;
  /** The response statuses the spec declares for this operation. */
  statuses: ReadonlySet<number>;
}

export interface LoadedSpec {
  operation(method: string, specPath: string): SpecOperation;
  /** Every operation of the spec. */
  readonly operations: readonly SpecOperation[];
  /** A component schema (`#/components/schemas/<name>`), `$ref`s resolved, as JSON Schema. */
  component(name: string): Json;
}

/** Reads the spec and prepares one schema set per operation. */
export function loadSpec(path: string = VENDORED_SPEC_PATH): LoadedSpec {
  const spec = JSON.parse(readFileSync(path, "utf8")) as Json;
  const resolve = (node: unknown, seen: ReadonlySet<string> = new Set()): unknown => {
    if (Array.isArray(node)) return node.map((item) => resolve(item, seen));
    if (node === null || typeof node !== "object") return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === "string") {
      if (seen.has(ref)) throw new Error(`${path}: ${ref} refers to itself; the sandbox cannot inline it`);
      return resolve(pointer(spec, ref), new Set([...seen, ref]));
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolve(value, seen)]));
  };

  const operations = new Map<string, SpecOperation>();
  for (const [specPath, item] of Object.entries((spec.paths ?? {}) as Record<string, Json>)) {
    const shared = (item.parameters ?? []) as unknown[];
    for (const [method, raw] of Object.entries(item)) {
      if (method === "parameters" || typeof raw !== "object" || raw === null) continue;
      const operation = resolve(raw) as { parameters?: Parameter[]; requestBody?: Json; responses?: Json };
      const parameters = [...(resolve(shared) as Parameter[]), ...(operation.parameters ?? [])];
      operations.set(`${method.toUpperCase()} ${specPath}`, {
        method: method.toUpperCase(),
        specPath,
        url: specPath.replace(/\{([^}]+)\}/g, ":$1"),
        schema: {
          querystring: parametersSchema(parameters, "query"),
          params: parametersSchema(parameters, "path"),
          body: bodySchema(operation.requestBody),
        },
        statuses: new Set(Object.keys(operation.responses ?? {}).map(Number)),
      });
    }
  }

  return {
    operations: [...operations.values()],
    operation(method, specPath) {
      const found = operations.get(`${method} ${specPath}`);
      if (!found) throw new Error(`${path} has no operation ${method} ${specPath}`);
      return found;
    },
    component(name) {
      const schema = (spec.components as { schemas?: Record<string, unknown> } | undefined)?.schemas?.[name];
      if (!schema) throw new Error(`${path} has no schema ${name}`);
      return toJsonSchema(resolve(schema) as Json);
    },
  };
}

function pointer(document: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported (got ${ref})`);
  let node: unknown = document;
  for (const part of ref.slice(2).split("/")) {
    node = (node as Json | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (node === undefined) throw new Error(`$ref ${ref} points at nothing`);
  }
  return node;
}

/** OpenAPI 3.0 schema → JSON Schema, without the draft-04 `$schema` the converter adds (Ajv 8 speaks draft-07). */
function toJsonSchema(schema: Json): Json {
  const { $schema: _draft, ...converted } = fromSchema(schema as never) as Json;
  return converted;
}

function parametersSchema(parameters: Parameter[], location: "query" | "path"): Json | undefined {
  const own = parameters.filter((parameter) => parameter.in === location);
  if (own.length === 0) return undefined;
  const properties: Record<string, Json> = {};
  for (const parameter of own) {
    const { $schema: _draft, ...converted } = fromParameter(parameter as never) as Json;
    properties[parameter.name] = { ...converted, ...describedConstraints(converted, parameter.description) };
  }
  return {
    type: "object",
    properties,
    required: own.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    // The vendor does not say what it does with an unknown parameter; the sandbox refuses it, so
    // that a misspelt filter (`statuses=new`) is a 400 naming it instead of an unfiltered list.
    additionalProperties: false,
  };
}

function bodySchema(requestBody: Json | undefined): Json | undefined {
  const schema = (requestBody?.content as Record<string, { schema?: Json }> | undefined)?.["application/json"]?.schema;
  return schema ? toJsonSchema(schema) : undefined;
}

/**
 * Some limits live only in a parameter's description: "(min: 1; max: 1000)" for `limit`,
 * "(customer|date)" for `sortBy`. Read in those two shapes the vendor uses, they become JSON
 * Schema keywords; a schema's own `minimum`, `maximum` or `enum` wins.
 */
export function describedConstraints(schema: Json, description = ""): Json {
  const extra: Json = {};
  const range = /\(min:\s*(-?\d+);\s*max:\s*(-?\d+)\)/i.exec(description);
  if (range && (schema.type === "integer" || schema.type === "number")) {
    extra.minimum = Math.max(Number(range[1]), (schema.minimum as number | undefined) ?? -Infinity);
    extra.maximum = Math.min(Number(range[2]), (schema.maximum as number | undefined) ?? Infinity);
  }
  const choices = /\(([\w-]+(?:\|[\w-]+)+)\)/.exec(description);
  if (choices?.[1] && schema.type === "string" && schema.enum === undefined) extra.enum = choices[1].split("|");
  return extra;
}
