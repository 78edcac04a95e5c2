/**
 * Whether a request and its answer fit the vendored spec, judged cheaply enough to run on every
 * request: the request by the sandbox's own validation (a 400 names the parameter or field, the
 * value sent and the spec's rule; a 401 the key; a request to no operation the closest one), the
 * answer by whether the spec declares its status for the operation.
 */
import { maskKeysIn } from "../mask";
import type { LoadedSpec } from "../spec";
import type { Violation } from "../validation";

export interface SpecOperations {
  /** "GET /v1/fulfillment/orders/{orderId}" → the statuses the spec declares for it. */
  declared: ReadonlyMap<string, ReadonlySet<number>>;
  /** The spec's operation a request's method and path (query string included) name, if any. */
  operationOf(method: string, url: string): string | undefined;
}

/**
 * From the spec the sandbox enforces (the vendored one, or `--spec`), read once at startup.
 * Requests are matched to operations by path pattern here, not through Fastify's
 * `routeOptions`, which builds a new object on every read.
 */
export function specOperations(spec: LoadedSpec): SpecOperations {
  const declared = new Map<string, ReadonlySet<number>>();
  const patterns: { path: string; pattern: RegExp }[] = [];
  for (const { method, specPath: path, statuses } of spec.operations) {
    if (!patterns.some((known) => known.path === path)) {
      patterns.push({ path, pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/?]+")}(\\?|$)`) });
    }
    declared.set(`${method} ${path}`, statuses);
  }
  return {
    declared,
    operationOf(method, url) {
      const match = patterns.find(({ pattern }) => pattern.test(url));
      const operation = match && `${method} ${match.path}`;
      return operation && declared.has(operation) ? operation : undefined;
    },
  };
}

export interface Exchange {
  /** "METHOD /path/{param}" of the spec's operation, or undefined when the request names none. */
  operation: string | undefined;
  status: number | "dropped";
  fault: string | null;
  /** The ErrorResponse's `errorDescription`, when the answer is one. */
  errorDescription: string | undefined;
  /** For a 400 of the schema check: the parameter or field, the value sent and the spec's rule. */
  violation?: Violation | undefined;
  /** For a request to no operation: the spec's closest operations (empty: none is close). */
  nearMiss?: readonly string[] | undefined;
  /** Keys to mask in a value quoted back: the one sent and every tenant's. */
  apiKeys?: readonly (string | undefined)[];
}

/** "query parameter limit = 5000: breaks the spec's rule maximum 1000". */
function explainViolation(
  { subject, value, rule, fromSpec }: Violation,
  apiKeys: readonly (string | undefined)[],
): string {
  const sent = value === undefined ? `${subject} is missing` : `${subject} = ${value}`;
  const masked = maskKeysIn(sent, apiKeys);
  return `${masked}: ${fromSpec ? `breaks the spec's rule ${rule}` : rule}`;
}

export function judge(
  declared: ReadonlyMap<string, ReadonlySet<number>>,
  { operation, status, fault, errorDescription, violation, nearMiss, apiKeys = [] }: Exchange,
): { requestVerdict: string; responseVerdict: string } {
  const statuses = operation ? declared.get(operation) : undefined;
  if (!statuses) {
    let requestVerdict = "no such operation in the spec";
    if (nearMiss)
      requestVerdict +=
        nearMiss.length > 0 ? `; closest: ${nearMiss.join(" or ")}` : "; no operation of the spec is close";
    return { requestVerdict, responseVerdict: "n/a" };
  }
  let requestVerdict = "ok";
  if (status === 400 && violation) requestVerdict = `invalid: ${explainViolation(violation, apiKeys)}`;
  else if (status === 400) requestVerdict = `invalid: ${errorDescription ?? "bad request"}`;
  else if (status === 401) requestVerdict = `unauthorized: ${errorDescription ?? "X-API-KEY"}`;
  let responseVerdict: string;
  if (fault) responseVerdict = `injected fault (${fault})`;
  else if (status === "dropped") responseVerdict = "no answer";
  else if (statuses.has(status)) responseVerdict = "ok";
  else responseVerdict = `status ${status} is not declared for ${operation}`;
  return { requestVerdict, responseVerdict };
}
