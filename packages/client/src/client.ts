import {
  FULFILLMENT_STATUSES,
  type FulfillmentAction,
  type FulfillmentOrder,
  type FulfillmentOrderList,
  type FulfillmentOrderUpdate,
  type FulfillmentStatus,
  type paths,
} from "@fulfillkit/core";
import type { Client, Middleware } from "openapi-fetch";
import * as openapiFetch from "openapi-fetch";
import {
  ConnectionError,
  errorForStatus,
  FulfillmentApiError,
  TimeoutError,
  TransitionOutcomeUnknownError,
  ValidationError,
} from "./errors";
import { backoffMs, parseRetryAfter, type RetryOptions, retryPolicy, sleep } from "./retry";
import {
  assertAction,
  assertActivationDate,
  assertExternalId,
  assertListQuery,
  assertOrderId,
  assertPageSize,
  assertPatchOps,
  assertUpdateBody,
  type ExternalIdPatch,
  type ListQuery,
} from "./validate";

export interface FulfillmentClientOptions {
  /** The API's base URL, e.g. `https://api.example.com` (the spec names no server). */
  baseUrl: string;
  /** Sent as `X-API-KEY` on every request; never printed, logged or serialized. */
  apiKey: string;
  /** A `fetch` to use instead of `globalThis.fetch`. */
  fetch?: (input: Request) => Promise<Response>;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** Per attempt. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retry policy for GET, PUT and PATCH (and for transitions, with reconciliation). `false` disables. */
  retry?: RetryOptions | false;
  /** openapi-fetch middleware, applied to every call (also through `raw`). */
  middleware?: Middleware[];
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface ListAllOptions extends RequestOptions {
  /** Orders per request, 1–1000. Default: `query.limit` or 100. */
  pageSize?: number;
}

export interface TransitionOptions extends RequestOptions {
  /** Only with `complete`: the (UTC) date the service is activated; its time part is ignored. */
  activationDate?: string | null;
  /**
   * The status the order was in when you decided on this action. With it, a transition whose
   * outcome is unknown (connection lost, timeout, 5xx) is reconciled by re-reading the order
   * instead of being retried blindly.
   */
  from?: FulfillmentStatus;
}

export interface TransitionResult {
  orderId: number;
  action: FulfillmentAction;
  /** `true` when the outcome was unknown and a re-read showed the order had left `from`. */
  reconciled: boolean;
  /** The status read back when `reconciled`; a plain 204 tells nothing more. */
  status?: FulfillmentStatus;
}

export interface FulfillmentClient {
  orders: {
    /** One page of orders. */
    list(query?: ListQuery, options?: RequestOptions): Promise<FulfillmentOrderList>;
    /** Every order matching `query`, page by page (offset/limit), one page in memory at a time. */
    listAll(query?: ListQuery, options?: ListAllOptions): AsyncIterable<FulfillmentOrder>;
    get(orderId: number, options?: RequestOptions): Promise<FulfillmentOrder>;
    /** JSON-Patch; only `/externalId` can change. */
    patch(orderId: number, ops: ExternalIdPatch[], options?: RequestOptions): Promise<void>;
    /** Sets the external id; `""` clears it (as the spec says), `null` is ignored by the server. */
    setExternalId(orderId: number, value: string | null, options?: RequestOptions): Promise<void>;
    /** @deprecated The API deprecates PUT: use `patch` or `setExternalId`. */
    update(orderId: number, body: FulfillmentOrderUpdate, options?: RequestOptions): Promise<void>;
    /** Posts a transition; never retried blindly (see `TransitionOptions.from`). */
    transition(orderId: number, action: FulfillmentAction, options?: TransitionOptions): Promise<TransitionResult>;
  };
  /** The underlying openapi-fetch client, with the same auth and middleware. */
  raw: Client<paths>;
}

// openapi-fetch's CommonJS build exports createClient as `default` beside `__esModule`; Node's
// CommonJS interop (which our CJS build follows) then hands over the whole exports object as
// `default`. Take whichever of the two is the function.
const createClient: typeof openapiFetch.default =
  typeof openapiFetch.default === "function"
    ? openapiFetch.default
    : (openapiFetch.default as unknown as { default: typeof openapiFetch.default }).default;

type Outcome<T> = { data?: T; error?: unknown; response: Response };

const ORDERS = "/v1/fulfillment/orders";
const ORDER = "/v1/fulfillment/orders/{orderId}";
const TRANSITIONS = "/v1/fulfillment/orders/{orderId}/transitions";

const isOutcomeUnknown = (error: unknown): boolean =>
  error instanceof ConnectionError || (error instanceof FulfillmentApiError && (error.status ?? 0) >= 500);

const isRetryable = (error: unknown): boolean =>
  isOutcomeUnknown(error) || (error instanceof FulfillmentApiError && (error.status === 408 || error.status === 429));

export function createFulfillmentClient(options: FulfillmentClientOptions): FulfillmentClient {
  const { apiKey, timeoutMs = 30_000 } = options;
  if (typeof options.baseUrl !== "string" || !URL.canParse(options.baseUrl)) {
    throw new ValidationError("baseUrl", "an absolute URL such as https://api.example.com", options.baseUrl);
  }
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw new ValidationError("apiKey", "a non-empty string", typeof apiKey === "string" ? "an empty string" : apiKey);
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ValidationError("timeoutMs", "a positive number of milliseconds", timeoutMs);
  }
  const policy = retryPolicy(options.retry);
  const userFetch = options.fetch;
  const raw = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: options.headers,
    // The key is set at the last moment, after every middleware: no user middleware (a logger,
    // say) ever sees it, and it lives only in this closure.
    fetch: (request: Request) => {
      request.headers.set("X-API-KEY", apiKey);
      return userFetch ? userFetch(request) : globalThis.fetch(request);
    },
  });
  for (const middleware of options.middleware ?? []) raw.use(middleware);

  /** One attempt: a timeout of its own, and a typed error for anything but a 2xx. */
  async function send<T>(
    method: string,
    path: string,
    attempt: (signal: AbortSignal) => Promise<Outcome<T>>,
    userSignal?: AbortSignal,
  ): Promise<T | undefined> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = userSignal ? AbortSignal.any([userSignal, timeout.signal]) : timeout.signal;
    let outcome: Outcome<T>;
    try {
      outcome = await attempt(signal);
    } catch (error) {
      if (userSignal?.aborted) throw userSignal.reason;
      if (timeout.signal.aborted) {
        throw new TimeoutError(`${method} ${path} timed out after ${timeoutMs} ms`, { method, path, cause: error });
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConnectionError(`${method} ${path} got no response: ${reason}`, { method, path, cause: error });
    } finally {
      clearTimeout(timer);
    }
    const { response } = outcome;
    if (!response.ok) {
      throw errorForStatus({
        status: response.status,
        method,
        path,
        body: outcome.error,
        retryAfterMs: parseRetryAfter(response.headers.get("Retry-After")),
      });
    }
    return outcome.data;
  }

  function delayBeforeRetry(error: unknown, retry: number): number {
    const retryAfterMs = error instanceof FulfillmentApiError ? error.retryAfterMs : undefined;
    return retryAfterMs === undefined ? backoffMs(policy, retry) : Math.min(retryAfterMs, policy.maxRetryAfterMs);
  }

  async function withRetries<T>(
    method: string,
    path: string,
    attempt: (signal: AbortSignal) => Promise<Outcome<T>>,
    signal?: AbortSignal,
  ): Promise<T | undefined> {
    for (let retry = 0; ; retry++) {
      try {
        return await send(method, path, attempt, signal);
      } catch (error) {
        if (retry >= policy.maxRetries || !isRetryable(error)) throw error;
        await sleep(delayBeforeRetry(error, retry), signal);
      }
    }
  }

  function required<T>(data: T | undefined, method: string, path: string): T {
    if (data === undefined)
      throw new FulfillmentApiError(`${method} ${path} answered without a body`, { method, path });
    return data;
  }

  async function list(query: ListQuery = {}, { signal }: RequestOptions = {}): Promise<FulfillmentOrderList> {
    assertListQuery(query);
    const data = await withRetries("GET", ORDERS, (s) => raw.GET(ORDERS, { params: { query }, signal: s }), signal);
    return required(data, "GET", ORDERS);
  }

  async function* pages(query: ListQuery, limit: number, signal?: AbortSignal): AsyncGenerator<FulfillmentOrder> {
    // Pages by offset and limit; `next` links are never followed, so the key never goes to another origin.
    let offset = query.offset ?? 0;
    for (;;) {
      const page = await list({ ...query, offset, limit }, { signal });
      yield* page.items;
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) return;
    }
  }

  async function get(orderId: number, { signal }: RequestOptions = {}): Promise<FulfillmentOrder> {
    assertOrderId(orderId);
    const path = `${ORDERS}/${orderId}`;
    const data = await withRetries(
      "GET",
      path,
      (s) => raw.GET(ORDER, { params: { path: { orderId } }, signal: s }),
      signal,
    );
    return required(data, "GET", path);
  }

  async function patch(orderId: number, ops: ExternalIdPatch[], { signal }: RequestOptions = {}): Promise<void> {
    assertOrderId(orderId);
    assertPatchOps(ops);
    await withRetries(
      "PATCH",
      `${ORDERS}/${orderId}`,
      (s) => raw.PATCH(ORDER, { params: { path: { orderId } }, body: ops, signal: s }),
      signal,
    );
  }

  let warnedAboutPut = false;
  async function update(orderId: number, body: FulfillmentOrderUpdate, { signal }: RequestOptions = {}): Promise<void> {
    assertOrderId(orderId);
    assertUpdateBody(body);
    if (!warnedAboutPut) {
      warnedAboutPut = true;
      console.warn(
        "@fulfillkit/client: orders.update (PUT) is deprecated by the API; use orders.setExternalId or orders.patch",
      );
    }
    await withRetries(
      "PUT",
      `${ORDERS}/${orderId}`,
      (s) => raw.PUT(ORDER, { params: { path: { orderId } }, body, signal: s }),
      signal,
    );
  }

  async function transition(
    orderId: number,
    action: FulfillmentAction,
    { activationDate, from, signal }: TransitionOptions = {},
  ): Promise<TransitionResult> {
    assertOrderId(orderId);
    assertAction(action);
    assertActivationDate(action, activationDate);
    if (from !== undefined && !FULFILLMENT_STATUSES.includes(from)) {
      throw new ValidationError("from", `one of ${FULFILLMENT_STATUSES.join(", ")}`, from);
    }
    const path = `${ORDERS}/${orderId}/transitions`;
    const body = activationDate == null ? { action } : { action, activationDate };
    const post = (s: AbortSignal) => raw.POST(TRANSITIONS, { params: { path: { orderId } }, body, signal: s });

    for (let retry = 0; ; retry++) {
      try {
        await send("POST", path, post, signal);
        return { orderId, action, reconciled: false };
      } catch (error) {
        if (!isRetryable(error)) throw error;
        if (isOutcomeUnknown(error)) {
          if (from === undefined)
            throw new TransitionOutcomeUnknownError(orderId, { method: "POST", path, cause: error });
          let status: FulfillmentStatus;
          try {
            status = (await get(orderId, { signal })).status;
          } catch (readError) {
            throw new TransitionOutcomeUnknownError(orderId, { method: "POST", path, cause: readError });
          }
          if (status !== from) return { orderId, action, reconciled: true, status };
        }
        // Still in `from` (or refused with 408/429): it was not applied, so sending again is safe.
        if (retry >= policy.maxRetries) throw error;
        await sleep(delayBeforeRetry(error, retry), signal);
      }
    }
  }

  return {
    orders: {
      list,
      listAll(query: ListQuery = {}, { pageSize, signal }: ListAllOptions = {}) {
        assertListQuery(query);
        assertPageSize(pageSize);
        return pages(query, pageSize ?? query.limit ?? 100, signal);
      },
      get,
      patch,
      setExternalId(orderId, value, requestOptions) {
        assertExternalId("externalId", value);
        return patch(orderId, [{ op: "replace", path: "/externalId", value }], requestOptions);
      },
      update,
      transition,
    },
    raw,
  };
}
