import type { ErrorResponse } from "@fulfillkit/core";

/** Bad input, refused before anything was sent. */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
  /** The offending field, e.g. `orderId`, `query.limit`, `ops[0].path`. */
  declare readonly field: string;
  /** What the field accepts. */
  declare readonly allowed: string;
  constructor(field: string, allowed: string, got: unknown) {
    super(`${field} must be ${allowed} (got ${describeValue(got)})`);
    this.field = field;
    this.allowed = allowed;
  }
}

const describeValue = (value: unknown): string =>
  typeof value === "string"
    ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    : Array.isArray(value)
      ? "an array"
      : value && (typeof value === "object" || typeof value === "function")
        ? typeof value
        : String(value);

export interface ApiErrorDetails {
  status?: number;
  method: string;
  /** The URL actually requested. */
  url: string;
  body?: unknown;
  retryAfterMs?: number;
  cause?: unknown;
}

/** Any failure of a call to the API. HTTP errors carry `status`; connection errors do not. */
export class FulfillmentApiError extends Error {
  override name = "FulfillmentApiError";
  declare readonly status: number | undefined;
  declare readonly errorCode: string | undefined;
  declare readonly errorDescription: string | undefined;
  /** The error body's `data`, or the whole body when it is not an `ErrorResponse`. */
  declare readonly data: unknown;
  declare readonly method: string;
  /** The URL actually requested, e.g. `https://api.example.com/v1/fulfillment/orders?limit=5`. */
  declare readonly url: string;
  /** Its path, as requested (a base URL ending in `/v1` shows here as `/v1/v1/…`). */
  declare readonly path: string;
  /** How long the server asked to wait (`Retry-After`), if it said. */
  declare readonly retryAfterMs: number | undefined;

  constructor(message: string, { status, method, url, body, retryAfterMs, cause }: ApiErrorDetails) {
    super(message, cause === undefined ? undefined : { cause });
    const known = isErrorResponse(body) ? body : { data: body };
    Object.assign(this, {
      status,
      method,
      url,
      path: new URL(url).pathname,
      retryAfterMs,
      errorCode: known.errorCode ?? undefined,
      errorDescription: known.errorDescription ?? undefined,
      data: known.data,
    });
  }
}

export class BadRequestError extends FulfillmentApiError {
  override name = "BadRequestError";
}
export class AuthenticationError extends FulfillmentApiError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends FulfillmentApiError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends FulfillmentApiError {
  override name = "NotFoundError";
}
export class ConflictError extends FulfillmentApiError {
  override name = "ConflictError";
}
export class RateLimitError extends FulfillmentApiError {
  override name = "RateLimitError";
}
export class ServerError extends FulfillmentApiError {
  override name = "ServerError";
}
/** No HTTP response: the connection was refused, reset or dropped (the message ends with the network's code). */
export class ConnectionError extends FulfillmentApiError {
  override name = "ConnectionError";
}
/** No response within `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  override name = "TimeoutError";
}
/** The API answered with a redirect; it is refused so that the key never follows it to another origin. */
export class RedirectError extends FulfillmentApiError {
  override name = "RedirectError";
  /** The redirect's target; `undefined` where the runtime hides it (browsers). */
  declare readonly location: string | undefined;
  constructor(details: ApiErrorDetails & { location?: string }) {
    super(
      `${details.method} ${details.url} redirects (${details.status}) to ${details.location ?? "a hidden location"}: refused, the key stays home`,
      details,
    );
    this.location = details.location;
  }
}
/** A 2xx whose body is not the JSON the API promises (an HTML page from a proxy, say); never retried. */
export class InvalidResponseError extends FulfillmentApiError {
  override name = "InvalidResponseError";
}
/**
 * A transition was sent but its outcome is unknown (connection lost, timeout, 5xx, your abort)
 * and could not be reconciled: it may have been applied. Re-read the order before trying again.
 */
export class TransitionOutcomeUnknownError extends FulfillmentApiError {
  override name = "TransitionOutcomeUnknownError";
  declare readonly orderId: number;
  constructor(orderId: number, details: ApiErrorDetails) {
    super(
      `transition of order ${orderId}: outcome unknown, it may have been applied; re-read the order (${(details.cause as Error)?.message ?? details.cause})`,
      details,
    );
    this.orderId = orderId;
  }
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  const keys = body && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : [];
  return keys.length > 0 && keys.every((key) => /^(errorCode|errorDescription|data)$/.test(key));
}

const BY_STATUS: Record<number, typeof FulfillmentApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

/** The typed error for an HTTP error response. */
export function errorForStatus(details: ApiErrorDetails & { status: number }): FulfillmentApiError {
  const ErrorClass = BY_STATUS[details.status] ?? (details.status >= 500 ? ServerError : FulfillmentApiError);
  const error = new ErrorClass(`${details.method} ${details.url} failed with ${details.status}`, details);
  if (error.errorDescription) error.message += `: ${error.errorDescription}`;
  return error;
}
