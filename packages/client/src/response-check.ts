// Loaded only by createResponseValidation (a dynamic import): the response schemas and the
// validator stay out of the default bundle. @cfworker/json-schema interprets schemas without
// generating code (no eval), so it runs under a strict Content-Security-Policy too.
import { type OutputUnit, Validator } from "@cfworker/json-schema";
import { DEFINITIONS, RESPONSES } from "@fulfillkit/core/json-schema";
import type { ResponseValidationOptions } from "./response-validation";

/** One way a response differs from the vendored spec. */
export interface ResponseDrift {
  /** The operation, as the spec names it: `GET /v1/fulfillment/orders/{orderId}`. */
  operation: string;
  status: number;
  /** Where in the body: a JSON path such as `$.items[0].status` (`$` is the whole body). */
  path: string;
  /** The rule it breaks: `enum: …`, `required: …`, `type: …`, or `status: … is not declared …`. */
  rule: string;
}

/** Thrown (mode `"throw"`) when a response differs from the vendored spec. */
export class ResponseValidationError extends Error {
  override readonly name = "ResponseValidationError";
  readonly drifts: readonly ResponseDrift[];
  constructor(drifts: readonly ResponseDrift[]) {
    super(describeDrifts(drifts));
    this.drifts = drifts;
  }
}

function describeDrifts(drifts: readonly ResponseDrift[]): string {
  const [first] = drifts;
  const head = `${first?.operation} answered ${first?.status}, which differs from the vendored spec:`;
  return [head, ...drifts.map((drift) => `  ${drift.path}: ${drift.rule}`)].join("\n");
}

/** Reports (or throws) how `response` differs from what the spec declares for `operation`. */
export async function checkResponse(
  { mode, onDrift = console.warn }: ResponseValidationOptions,
  operation: string,
  response: Response,
): Promise<void> {
  const drifts = findDrifts(operation, response.status, await response.clone().text());
  if (drifts.length === 0) return;
  if (mode === "throw") throw new ResponseValidationError(drifts);
  onDrift(describeDrifts(drifts), drifts);
}

// Errors that only say "something below failed"; the ones below them name the rule.
const CONTAINER_KEYWORDS = new Set(["$ref", "properties", "items", "false", "allOf", "anyOf", "oneOf"]);
const validators = new Map<object, Validator>();

/** `#/items/0/status` → `$.items[0].status`. */
function jsonPath(instanceLocation: string): string {
  return instanceLocation
    .replace(/^#/, "")
    .split("/")
    .slice(1)
    .reduce((path, token) => {
      const key = decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~");
      return /^\d+$/.test(key)
        ? `${path}[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(key)
          ? `${path}.${key}`
          : `${path}[${JSON.stringify(key)}]`;
    }, "$");
}

/** How a response (its status and raw body) differs from what the spec declares for `operation`. */
export function findDrifts(operation: string, status: number, body: string): ResponseDrift[] {
  const declared = RESPONSES[operation];
  if (!declared) return [];
  const drift = (path: string, rule: string): ResponseDrift => ({ operation, status, path, rule });
  if (!(String(status) in declared) && !("default" in declared)) {
    return [drift("$", `status: ${status} is not declared (declared: ${Object.keys(declared).join(", ")})`)];
  }
  const schema = declared[String(status)] ?? declared.default ?? null;
  if (schema === null) return body === "" ? [] : [drift("$", "content: the spec declares no body for this status")];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [drift("$", "content: the body is not JSON")];
  }
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator({ ...schema, definitions: DEFINITIONS }, "7", false);
    validators.set(schema, validator);
  }
  return validator
    .validate(value)
    .errors.filter((error: OutputUnit) => !CONTAINER_KEYWORDS.has(error.keyword))
    .map((error: OutputUnit) => drift(jsonPath(error.instanceLocation), `${error.keyword}: ${error.error}`));
}
