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
