import type { FastifyError, FastifyInstance } from "fastify";
import { maskKeysIn, sentKey } from "./mask";
import { closestOperations } from "./near-miss";
import { describeValidationError, describeViolation, type Violation } from "./validation";

declare module "fastify" {
  interface FastifyRequest {
    /** What a 400 of the schema check found broken, for the request log's verdict. */
    specViolation?: Violation;
    /** For a request to no operation: the spec's closest operations (empty: none is close). */
    nearMiss?: string[];
  }
}

/** The spec's `ErrorResponse`. */
export const errorBody = (errorCode: string, errorDescription: string) => ({ errorCode, errorDescription, data: null });

// Fastify's own refusals, each with a code of its own rather than "internal-error".
const FRAMEWORK_CODES: Record<number, string> = {
  400: "bad-request",
  413: "payload-too-large",
  415: "unsupported-media-type",
};

/** Every error any route throws becomes an `ErrorResponse`; a schema violation names the field. */
export function registerErrorHandlers(app: FastifyInstance, apiKeys: readonly string[]): void {
  // The vendor routes are the spec's operations (each carries its declared statuses), so the
  // near-miss follows the spec the sandbox was started with.
  const operations: string[] = [];
  app.addHook("onRoute", (route) => {
    if (!(route.config as { declaredStatuses?: unknown } | undefined)?.declaredStatuses) return;
    const template = route.url.replace(/:(\w+)/g, "{$1}");
    // Fastify's own HEAD twin of each GET is no operation of the spec.
    for (const method of [route.method].flat()) if (method !== "HEAD") operations.push(`${method} ${template}`);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      request.specViolation = describeViolation(error.validationContext, error.validation);
      const { errorCode, errorDescription } = describeValidationError(error.validationContext, error.validation);
      return reply.code(400).send(errorBody(errorCode, errorDescription));
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const code = FRAMEWORK_CODES[status] ?? (status === 500 ? "internal-error" : "bad-request");
    return reply.code(status).send(errorBody(code, error.message));
  });
  app.setNotFoundHandler((request, reply) => {
    const url = maskKeysIn(request.url, [...apiKeys, sentKey(request.headers)]);
    const route = `no route ${request.method} ${url}`;
    // The sandbox's own controls are no vendor operation: no near-miss for them.
    if (request.url.startsWith("/_sandbox")) return reply.code(404).send(errorBody("not-found", route));
    const closest = closestOperations(operations, request.method, request.url);
    request.nearMiss = closest;
    const hint =
      closest.length > 0 ? `closest operation: ${closest.join(" or ")}` : "no operation of the spec is close";
    return reply.code(404).send(errorBody("not-found", `${route}; ${hint}`));
  });
}
