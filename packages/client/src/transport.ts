import {
  ConnectionError,
  errorForStatus,
  FulfillmentApiError,
  InvalidResponseError,
  networkCode,
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
type Attempt = (init: AttemptInit) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** One call: its method, the URL it would go to (for messages), the attempt, what a valid body looks like. */
export interface Call {
  method: string;
  url: string;
  attempt: Attempt;
  valid?: (body: unknown) => boolean;
}

/** After a failed attempt: a value resolves the call, `undefined` lets the retry policy decide. */
export type Recover<T> = (error: unknown, elapsedMs: number) => Promise<T | undefined>;

/**
 * Sets the key on a copy of the request (so that no middleware, which sees the original, ever
 * reads it) and refuses every redirect instead of following it with the key to another origin.
 */
export function authorized(apiKey: string, userFetch?: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const sent = new Request(request.clone(), { redirect: "manual" });
    sent.headers.set("X-API-KEY", apiKey);
    const response = await (userFetch ?? globalThis.fetch)(sent);
    if (response.type === "opaqueredirect" || (response.status > 299 && response.status < 400)) {
      throw new RedirectError({
        status: response.status,
        method: request.method,
        url: request.url,
        location: response.headers.get("Location") ?? undefined,
      });
    }
    return response;
  };
}

// 501 and 505: the server cannot handle this request at all; sending it again changes nothing.
const isServerFault = (status = 0) => status > 499 && status !== 501 && status !== 505;

/** The attempt may have been applied: no response, or a server fault. */
export const isOutcomeUnknown = (error: unknown): boolean =>
  error instanceof ConnectionError || (error instanceof FulfillmentApiError && isServerFault(error.status));

const isRetryable = (error: unknown): boolean =>
  isOutcomeUnknown(error) || (error instanceof FulfillmentApiError && (error.status === 408 || error.status === 429));

export function transport(fetch: (request: Request) => Promise<Response>, timeoutMs: number, policy: RetryPolicy) {
  /** One attempt: a timeout of its own, and a typed error for anything but a JSON 2xx. */
  async function send(call: Call, userSignal?: AbortSignal): Promise<unknown> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = userSignal ? AbortSignal.any([userSignal, timeout.signal]) : timeout.signal;
    const { method } = call;
    let url = call.url;
    const tracked = (request: Request) => {
      url = request.url;
      return fetch(request);
    };
    let outcome: Awaited<ReturnType<Attempt>>;
    try {
      outcome = await call.attempt({ signal, fetch: tracked, parseAs: "text" });
    } catch (error) {
      if (userSignal?.aborted) throw userSignal.reason;
      if (error instanceof FulfillmentApiError) throw error;
      const details = { method, url, cause: error };
      if (timeout.signal.aborted) throw new TimeoutError(`${method} ${url} timed out after ${timeoutMs} ms`, details);
      let deepest = error as Error;
      while (deepest?.cause instanceof Error) deepest = deepest.cause;
      const reason = networkCode(error) ?? deepest?.message;
      throw new ConnectionError(`${method} ${url} got no response: ${reason}`, details);
    } finally {
      clearTimeout(timer);
    }
    const { response } = outcome;
    const text = outcome.data;
    if (!response.ok) {
      const body = outcome.error;
      const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
      throw errorForStatus({ status: response.status, method, url, body, retryAfterMs });
    }
    if (!call.valid) return;
    let data: unknown;
    try {
      data = JSON.parse(text as string);
    } catch {}
    if (!call.valid(data)) {
      throw new InvalidResponseError(
        `${method} ${url} answered ${response.status} with a body that is not the API's JSON (${response.headers.get("Content-Type")})`,
        { status: response.status, method, url, body: text },
      );
    }
    return data;
  }

  /** The one retry loop: every method goes through it; transitions add `recover`. */
  async function request<T>(call: Call, signal?: AbortSignal, recover?: Recover<T>): Promise<T> {
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
  }

  return request;
}
