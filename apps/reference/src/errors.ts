/** How a failed command is told to the person at the terminal, and the exit code it ends with. */
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  FulfillmentApiError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from "@fulfillkit/client";
import { CommanderError } from "commander";
import { ConfigError } from "./config";
import { EXIT_FAILED } from "./worker/summary";

/** A transition or plan refused by the local check: nothing was sent. */
export class RefusedError extends Error {
  override name = "RefusedError";
}

export const EXIT_USAGE = 2;

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
  if (error instanceof ConfigError || error instanceof ValidationError) return EXIT_USAGE;
  return EXIT_FAILED;
}

export function messageFor(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof AuthenticationError) {
    return `${error.message}\n  the API did not accept the key: check EQUIPME_API_KEY (\`fulfill config\` shows which one is used)`;
  }
  if (error instanceof PermissionDeniedError) return `${error.message}\n  the key is valid, but not for this order`;
  if (error instanceof NotFoundError) return `${error.message}\n  no such order for this API key`;
  if (error instanceof ConflictError) {
    return `${error.message}\n  the server refused the transition: someone else may have moved the order (\`fulfill orders show\`)`;
  }
  if (error instanceof ConnectionError) {
    return `${error.message}\n  is EQUIPME_BASE_URL right, and the API reachable? (\`fulfill config\`)`;
  }
  if (error instanceof FulfillmentApiError || error instanceof ConfigError || error instanceof RefusedError) {
    return error.message;
  }
  return error.stack ?? error.message;
}
