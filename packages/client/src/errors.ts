import type { ErrorResponse } from "@fulfillkit/core";

/** Bad input, refused before anything was sent. */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
  /** The offending field, e.g. `orderId`, `query.limit`, `ops[0].path`. */
  readonly field: string;
  /** What the field accepts. */
  readonly allowed: string;
  constructor(field: string, allowed: string, got: unknown) {
    super(`${field} must be ${allowed} (got ${describe(got)})`);
    this.field = field;
    this.allowed = allowed;
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || value == null) return String(value);
  return Array.isArray(value) ? "an array" : typeof value;
}

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
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  readonly errorDescription: string | undefined;
  /** The error body's `data`, or the whole body when it is not an `ErrorResponse`. */
  readonly data: unknown;
  readonly method: string;
  /** The URL actually requested, e.g. `https://api.example.com/v1/fulfillment/orders?limit=5`. */
  readonly url: string;
  /** Its path, as requested (a base URL ending in `/v1` shows here as `/v1/v1/…`). */
  readonly path: string;
  /** How long the server asked to wait (`Retry-After`), if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: ApiErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.method = details.method;
    this.url = details.url;
    this.path = new URL(details.url).pathname;
    const body = details.body;
    if (isErrorResponse(body)) {
      this.errorCode = body.errorCode ?? undefined;
      this.errorDescription = body.errorDescription ?? undefined;
      this.data = body.data;
    } else {
      this.errorCode = undefined;
      this.errorDescription = undefined;
      this.data = body;
    }
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
/** No HTTP response: the connection was refused, reset or dropped; `code` is the network's (`ECONNREFUSED`…). */
export class ConnectionError extends FulfillmentApiError {
  override name = "ConnectionError";
  get code(): string | undefined {
    return networkCode(this.cause);
  }
}
/** No response within `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  override name = "TimeoutError";
}
/** The API answered with a redirect; it is refused so that the key never follows it to another origin. */
export class RedirectError extends FulfillmentApiError {
  override name = "RedirectError";
  /** The redirect's target; `undefined` where the runtime hides it (browsers). */
  readonly location: string | undefined;
  constructor(details: ApiErrorDetails & { location?: string }) {
    super(
      `${details.method} ${details.url} answered ${details.status} to ${details.location ?? "a hidden location"}; redirects are refused: the API key never follows one (check baseUrl)`,
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
  readonly orderId: number;
  constructor(orderId: number, details: ApiErrorDetails) {
    super(
      `the outcome of the transition on order ${orderId} is unknown (${details.cause instanceof Error ? details.cause.message : String(details.cause)}); it may have been applied: re-read the order before retrying`,
      details,
    );
    this.orderId = orderId;
  }
}

/** The first network error code in a `cause` chain (`ECONNREFUSED`, `ENOTFOUND`, `ERR_SSL_…`). */
export function networkCode(error: unknown): string | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  return keys.length > 0 && keys.every((key) => key === "errorCode" || key === "errorDescription" || key === "data");
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
  const description = isErrorResponse(details.body) ? details.body.errorDescription : undefined;
  const message = `${details.method} ${details.url} failed with ${details.status}${description ? `: ${description}` : ""}`;
  return new ErrorClass(message, details);
}
