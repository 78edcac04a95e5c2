import type { FastifyError, FastifyInstance } from "fastify";
import { describeValidationError } from "./validation";

/** The spec's `ErrorResponse`. */
export const errorBody = (errorCode: string, errorDescription: string) => ({ errorCode, errorDescription, data: null });

// Fastify's own refusals, each with a code of its own rather than "internal-error".
const FRAMEWORK_CODES: Record<number, string> = {
  400: "bad-request",
  413: "payload-too-large",
  415: "unsupported-media-type",
};

/** Every error any route throws becomes an `ErrorResponse`; a schema violation names the field. */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.validation) {
      const { errorCode, errorDescription } = describeValidationError(error.validationContext, error.validation);
      return reply.code(400).send(errorBody(errorCode, errorDescription));
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const code = FRAMEWORK_CODES[status] ?? (status === 500 ? "internal-error" : "bad-request");
    return reply.code(status).send(errorBody(code, error.message));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody("not-found", `no route ${request.method} ${request.url}`));
  });
}
