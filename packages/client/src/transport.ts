import {
  ConnectionError,
  errorForStatus,
  FulfillmentApiError,
  InvalidResponseError,
  RedirectError,
  TimeoutError,
} from "./errors";
import { backoffMs, parseRetryAfter, type RetryPolicy, sleep } from "./retry";

/** What each attempt hands to openapi-fetch: its signal, a fetch that records the URL, text parsing. */
export interface AttemptInit {
  signal: AbortSignal;
  fetch: (request: Request) => Promise<Response>;
  parseAs: "text";
}

/** One call: its method, its URL (for messages until a request records the real one), the attempt. */
export interface Call {
  method: string;
  url: string;
  attempt: (init: AttemptInit) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  /** A property the 2xx JSON body must have; without it the body is not read. */
  expects?: string;
}

/** After a failed attempt: a value resolves the call, `undefined` lets the retry policy decide. */
export type Recover<T> = (error: unknown, elapsedMs: number) => Promise<T | undefined>;

/**
 * Sets the key on a copy of the request (so that no middleware, which sees the original, ever
 * reads it) and refuses every redirect instead of following it with the key to another origin.
 */
export function authorized(apiKey: string, userFetch?: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const sent = new Request(request, { redirect: "manual" });
    sent.headers.set("X-API-KEY", apiKey);
    const response = await (userFetch ?? globalThis.fetch)(sent);
    // A 3xx, or a browser's opaque redirect (status 0, its Location hidden).
    if (!response.ok && response.status < 400) {
      const { status, headers } = response;
      throw new RedirectError({
        status,
        method: request.method,
        url: request.url,
        location: headers.get("Location") ?? undefined,
      });
    }
    return response;
  };
}

/** The attempt may have been applied: no response, or a server fault (501 and 505: it cannot handle it at all). */
export const isOutcomeUnknown = (error: unknown): boolean =>
  error instanceof ConnectionError ||
  (error instanceof FulfillmentApiError && (error.status ?? 0) > 499 && ![501, 505].includes(error.status ?? 0));

const isRetryable = (error: unknown): boolean =>
  isOutcomeUnknown(error) || (error instanceof FulfillmentApiError && (error.status === 408 || error.status === 429));

export function transport(fetch: (request: Request) => Promise<Response>, timeoutMs: number, policy: RetryPolicy) {
  /** One attempt: a timeout of its own, and a typed error for anything but a 2xx (with the JSON expected). */
  async function send({ method, url, attempt, expects }: Call, userSignal?: AbortSignal): Promise<unknown> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let outcome: Awaited<ReturnType<Call["attempt"]>>;
    try {
      outcome = await attempt({
        signal: userSignal ? AbortSignal.any([userSignal, timeout]) : timeout,
        fetch: (request) => {
          url = request.url;
          return fetch(request);
        },
        parseAs: "text",
      });
    } catch (error) {
      if (userSignal?.aborted) throw userSignal.reason;
      // The API answered: a refused redirect, or a response that drifted from the spec.
      if (error instanceof FulfillmentApiError || (error as Error).name === "ResponseValidationError") throw error;
      const details = { method, url, cause: error };
      if (timeout.aborted) throw new TimeoutError(`${method} ${url} timed out after ${timeoutMs} ms`, details);
      // The deepest cause names what happened: its code (ECONNREFUSED, ENOTFOUND, ERR_SSL_…) or its message.
      let reason: unknown;
      for (let cause = error; cause instanceof Error; cause = cause.cause) {
        const { code } = cause as { code?: unknown };
        reason = typeof code === "string" ? code : cause.message;
      }
      throw new ConnectionError(`${method} ${url} got no response: ${reason}`, details);
    }
    const { response, data: text } = outcome;
    const { status, headers } = response;
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(headers.get("Retry-After"));
      throw errorForStatus({ status, method, url, body: outcome.error, retryAfterMs });
    }
    if (!expects) return;
    try {
      const data = JSON.parse(text as string);
      if (data?.[expects] !== undefined) return data;
    } catch {}
    throw new InvalidResponseError(
      `${method} ${url} answered ${status}, not the API's JSON (${headers.get("Content-Type")})`,
      { status, method, url, body: text },
    );
  }

  /** The one retry loop: every method goes through it; transitions add `recover`. */
  return async function request<T>(call: Call, signal?: AbortSignal, recover?: Recover<T>): Promise<T> {
    for (let retry = 0; ; retry++) {
      const started = Date.now();
      try {
        return (await send(call, signal)) as T;
      } catch (error) {
        const recovered = await recover?.(error, Date.now() - started);
        if (recovered !== undefined) return recovered;
        const retryAfterMs = (error as FulfillmentApiError | undefined)?.retryAfterMs;
        // A server that asks for a longer wait than the cap is not retried early against its word.
        if (retry >= policy.maxRetries || !isRetryable(error) || (retryAfterMs ?? 0) > policy.maxRetryAfterMs) {
          throw error;
        }
        await sleep(retryAfterMs ?? backoffMs(policy, retry), signal);
      }
    }
  };
}
