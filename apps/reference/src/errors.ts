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
import { IncompleteError, SandboxError } from "./coverage";
import { EXIT, type ExitCode } from "./exit-codes";

/** A transition or plan refused by the local check: nothing was sent. */
export class RefusedError extends Error {
  override name = "RefusedError";
}

/** A command's work stopped short (an order's step failed); the message says where and why. */
export class StoppedError extends Error {
  override name = "StoppedError";
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof ConfigError || error instanceof ValidationError) return EXIT.usage;
  if (error instanceof IncompleteError) return EXIT.incomplete;
  return EXIT.failed;
}

/** What to print for `error`: the reason and the fix, never a stack trace for anything the user can correct. */
export function messageFor(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // The client refused to send it: one line naming the field and what it accepts.
  if (error instanceof ValidationError) return `invalid input: ${error.message}; nothing was sent`;
  if (error instanceof AuthenticationError) {
    return `${error.message}\n  the API did not accept the key: check EQUIPME_API_KEY (\`fulfill config\` shows which one is used)`;
  }
  if (error instanceof PermissionDeniedError) {
    return `${error.message}\n  the key is valid, but the order is not among this key's orders (or does not exist)`;
  }
  if (error instanceof NotFoundError) return `${error.message}\n  no such order for this API key`;
  if (error instanceof ConflictError) {
    return `${error.message}\n  the server refused the transition: someone else may have moved the order (\`fulfill orders show\`)`;
  }
  if (error instanceof ConnectionError) {
    return `${error.message}\n  is EQUIPME_BASE_URL right, and the API reachable? (\`fulfill config\`)`;
  }
  if (
    error instanceof FulfillmentApiError ||
    error instanceof ConfigError ||
    error instanceof RefusedError ||
    error instanceof StoppedError ||
    error instanceof SandboxError ||
    error instanceof IncompleteError
  ) {
    return error.message;
  }
  // A bug, not a mistake of the user's: the stack is what a bug report needs.
  return error.stack ?? error.message;
}
