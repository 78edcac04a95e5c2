import type { Middleware } from "openapi-fetch";
import type { ResponseDrift } from "./response-check";

export type { ResponseDrift, ResponseValidationError } from "./response-check";

export interface ResponseValidationOptions {
  /** `"warn"` reports and passes the response on; `"throw"` fails the call with a `ResponseValidationError`. */
  mode: "warn" | "throw";
  /** Where `"warn"` reports (default `console.warn`). */
  onDrift?: (message: string, drifts: readonly ResponseDrift[]) => void;
}

/**
 * An openapi-fetch middleware that checks every response against the vendored spec: the statuses
 * each operation declares and its response schemas. The schemas and the validator are loaded on
 * the first response (a dynamic import), so a client that does not use it does not pay for them.
 */
export function createResponseValidation(options: ResponseValidationOptions): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      // The module system loads it once and keeps it.
      const { checkResponse } = await import("./response-check");
      await checkResponse(options, `${request.method} ${schemaPath}`, response);
      return undefined;
    },
  };
}
