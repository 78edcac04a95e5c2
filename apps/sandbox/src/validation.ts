/**
 * Request validation for every route: Ajv compiles each route's JSON Schema once at startup
 * (Fastify calls `compileValidator` per route), so a request costs one compiled function call.
 */
import { Ajv, type ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

const options = {
  // The converter keeps OpenAPI's integer formats and adds their bounds; Ajv only has to know them.
  formats: { int32: true, int64: true },
  allErrors: false,
  removeAdditional: false,
  // Errors carry the value and the schema they broke (only an invalid request pays for it), so a
  // verdict can name the value sent and the spec's rule.
  verbose: true,
} as const;

// Query and path values arrive as text: coerce them, wrap a lone value into the array the spec
// declares (style form, explode: `status=a&status=b`, never comma-split), fill in defaults.
const forParameters = addFormats(new Ajv({ ...options, coerceTypes: "array", useDefaults: true }));
// A JSON body is checked as sent: `{"externalId": 5}` is a 400, never the string "5".
const forBodies = addFormats(new Ajv({ ...options, coerceTypes: false, useDefaults: false }));

export const compileValidator: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === "body" ? forBodies : forParameters).compile(schema);

/** Compiles a schema for a check inside a handler (the same rules as the request bodies). */
export const compileBodyRule = (schema: object) => forBodies.compile(schema);

const ERROR_CODES: Record<string, string> = {
  querystring: "invalid-query",
  params: "invalid-path-parameter",
  body: "invalid-body",
};

/** A 400's `errorCode` and `errorDescription`, naming the parameter or body field and what it must be. */
export function describeValidationError(
  context: string | undefined,
  errors: ErrorObject[],
): { errorCode: string; errorDescription: string } {
  const error = errors[0];
  const errorCode = ERROR_CODES[context ?? ""] ?? "bad-request";
  if (!error) return { errorCode, errorDescription: "the request is invalid" };
  const segments = error.instancePath.split("/").slice(1);
  const extra = error.params as { additionalProperty?: string; missingProperty?: string; allowedValues?: unknown[] };
  if (context === "querystring" || context === "params") {
    const kind = context === "querystring" ? "query parameter" : "path parameter";
    const [name = extra.additionalProperty ?? extra.missingProperty ?? "?", index] = segments;
    const where = index === undefined ? name : `${name} (value ${Number(index) + 1})`;
    if (error.keyword === "additionalProperties") {
      return { errorCode, errorDescription: `${kind} ${name} is not a parameter of this operation` };
    }
    return { errorCode, errorDescription: `${kind} ${where} ${explain(error)}` };
  }
  const field = ["body", ...segments.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))].join("");
  const named = extra.additionalProperty ? `${field}.${extra.additionalProperty}` : field;
  if (error.keyword === "additionalProperties") return { errorCode, errorDescription: `${named} is not allowed` };
  if (error.keyword === "required")
    return { errorCode, errorDescription: `${field}.${extra.missingProperty} is required` };
  return { errorCode, errorDescription: `${named} ${explain(error)}` };
}

function explain(error: ErrorObject): string {
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  if (error.keyword === "enum" && allowed) return `must be one of ${allowed.join(", ")}`;
  return error.message ?? "is invalid";
}

/** What a request broke: the parameter or field, the value sent and the spec's rule. */
export interface Violation {
  /** "query parameter limit", "path parameter orderId", "body.externalId", "body[0].op". */
  subject: string;
  /** The value sent, as text (a body value as JSON); undefined when it is missing. */
  value: string | undefined;
  /** The rule as the spec states it: "maximum 1000", "enum asc, desc", "format date-time", "required". */
  rule: string;
  /** False for the sandbox's own rule: it refuses a query parameter the operation does not have. */
  fromSpec: boolean;
}

const VALUE_CHARS_SHOWN = 40;
// The schema converter adds an integer format's bounds as minimum and maximum: breaking one of
// those breaks the format, which is what the spec states.
const isFormatBound = (format: string | undefined, limit: number) =>
  (format === "int32" && (limit === 2_147_483_647 || limit === -2_147_483_648)) ||
  (format === "int64" && Math.abs(limit) > Number.MAX_SAFE_INTEGER);

/** The first error of a schema check as a `Violation`; undefined when there is none. */
export function describeViolation(context: string | undefined, errors: ErrorObject[]): Violation | undefined {
  const error = errors[0];
  if (!error) return undefined;
  const segments = error.instancePath.split("/").slice(1);
  const extra = error.params as { additionalProperty?: string; missingProperty?: string };
  const parameters = context === "querystring" || context === "params";
  const inside = extra.additionalProperty ?? extra.missingProperty;
  let subject: string;
  if (parameters) {
    const kind = context === "querystring" ? "query parameter" : "path parameter";
    subject = `${kind} ${segments[0] ?? inside ?? "?"}`;
  } else {
    const path = [...segments, ...(inside === undefined ? [] : [inside])];
    subject = ["body", ...path.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))].join("");
  }
  const data =
    extra.additionalProperty === undefined ? error.data : (error.data as Record<string, unknown>)[inside ?? ""];
  const value = error.keyword === "required" ? undefined : shown(data, parameters);
  if (error.keyword === "additionalProperties" && parameters) {
    return { subject, value, rule: "not a parameter of this operation", fromSpec: false };
  }
  return { subject, value, rule: ruleOf(error), fromSpec: true };
}

function ruleOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as { format?: string };
  switch (error.keyword) {
    case "maximum":
    case "minimum":
    case "exclusiveMaximum":
    case "exclusiveMinimum": {
      const limit = params.limit as number;
      return isFormatBound(parent.format, limit) ? `format ${parent.format}` : `${error.keyword} ${limit}`;
    }
    case "enum":
      return `enum ${(params.allowedValues as unknown[]).map(String).join(", ")}`;
    case "format":
      return `format ${params.format}`;
    case "type": {
      const types = String(params.type).split(",");
      const named = types.filter((type) => type !== "null").join(" or ");
      return types.includes("null") ? `type ${named}, nullable` : `type ${named}`;
    }
    case "required":
      return "required";
    case "additionalProperties":
      return "additionalProperties false";
    case "pattern":
      return `pattern ${params.pattern}`;
    case "const":
      return `const ${JSON.stringify(params.allowedValue)}`;
    default:
      return "limit" in params ? `${error.keyword} ${params.limit}` : error.keyword;
  }
}

/** A query or path value as sent (text); a body value as JSON; a long one cut, with its length. */
function shown(value: unknown, asText: boolean): string {
  const text = asText && typeof value !== "object" ? String(value) : JSON.stringify(value);
  if (text === undefined || text.length <= VALUE_CHARS_SHOWN) return String(text);
  const length = typeof value === "string" ? `${value.length} characters` : `${text.length} characters of JSON`;
  return `${text.slice(0, VALUE_CHARS_SHOWN)}… (${length})`;
}
