import type {
  FulfillmentAction,
  FulfillmentOrder,
  FulfillmentOrderList,
  FulfillmentOrderUpdate,
  FulfillmentStatus,
  paths,
} from "@fulfillkit/core";
import type { Client, Middleware } from "openapi-fetch";
import type { RetryOptions } from "./retry";
import type { ExternalIdPatch, ListQuery } from "./validate";

export interface FulfillmentClientOptions {
  /** The API's base URL, e.g. `https://api.example.com` (the spec names no server). */
  baseUrl: string;
  /** Sent as `X-API-KEY` on every request; never printed, logged or serialized. */
  apiKey: string;
  /** A `fetch` to use instead of `globalThis.fetch`; it receives the request with the key. */
  fetch?: (input: Request) => Promise<Response>;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** Per attempt. Default 30 000 ms. */
  timeoutMs?: number;
  /**
   * After a transition's outcome became unknown, how long the client waits before it trusts a
   * re-read that still shows `from` (and only then sends again). Default: twice as long as the
   * failed attempt was in flight, so a timed-out attempt gets 2 × `timeoutMs` to land.
   */
  settleMs?: number;
  /** Retry policy for every method (transitions re-send only after reconciling). `false` disables. */
  retry?: RetryOptions | false;
  /** openapi-fetch middleware, applied to every call (also through `raw`); it never sees the key. */
  middleware?: Middleware[];
  /**
   * Checks every response against the vendored spec (declared statuses, response schemas):
   * `"warn"` reports a drift with `console.warn` and lets the call succeed, `"throw"` fails the call
   * with a `ResponseValidationError`. Off by default; the validator loads only when this is set.
   */
  validateResponses?: "warn" | "throw";
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface ListAllOptions extends RequestOptions {
  /** Orders per request, 1–1000. Default: `query.limit` or 100. */
  pageSize?: number;
}

export interface TransitionOptions extends RequestOptions {
  /**
   * The status the order was in when you decided on this action. Required: with it, an outcome
   * that is unknown (connection lost, timeout, 5xx, abort) is reconciled by re-reading the order
   * instead of being sent blindly again. `"unknown"` opts out: such an outcome then throws
   * `TransitionOutcomeUnknownError`.
   */
  from: FulfillmentStatus | "unknown";
  /** Where the action leads (`checkTransition(...).to` in `@fulfillkit/transitions`): tells our move from another's. */
  to?: FulfillmentStatus;
  /** Only with `complete`: the (UTC) date the service is activated; its time part is ignored. */
  activationDate?: string | null;
}

interface Transitioned<Outcome extends string, Reconciled extends boolean> {
  orderId: number;
  action: FulfillmentAction;
  /** How the client knows what happened; see the README's "Transitions". */
  outcome: Outcome;
  /** `true` when the answer was lost and a re-read of the order decided the result. */
  reconciled: Reconciled;
}

/** What a transition did, in one of four forms (`outcome`). */
export type TransitionResult =
  /** The API answered 2xx to this call. `status` is `to` when you gave it. */
  | (Transitioned<"applied", false> & { status?: FulfillmentStatus })
  /** The answer was lost; a re-read found the order at `to`: applied once. */
  | (Transitioned<"already-applied", true> & { status: FulfillmentStatus })
  /** The answer was lost; a re-read found the order neither in `from` nor at `to`: someone else acted. */
  | (Transitioned<"moved-elsewhere", true> & { status: FulfillmentStatus })
  /** No `to` was given; a re-read found the order out of `from`, by this call or by someone else. */
  | (Transitioned<"left-from", true> & { status: FulfillmentStatus });

export interface FulfillmentClient {
  orders: {
    /** One page of orders. */
    list(query?: ListQuery, options?: RequestOptions): Promise<FulfillmentOrderList>;
    /** Every order matching `query`, page by page; do not move orders out of the filter while iterating (use `drain`). */
    listAll(query?: ListQuery, options?: ListAllOptions): AsyncIterable<FulfillmentOrder>;
    /**
     * Every order that matched `query` when the call began, each re-read just before it is yielded
     * (so its status is fresh): safe to move orders out of the filter while iterating.
     */
    drain(query?: ListQuery, options?: ListAllOptions): AsyncIterable<FulfillmentOrder>;
    get(orderId: number, options?: RequestOptions): Promise<FulfillmentOrder>;
    /** JSON-Patch; only `/externalId` can change. */
    patch(orderId: number, ops: ExternalIdPatch[], options?: RequestOptions): Promise<void>;
    /** Sets the external id; `""` clears it (as the spec says), `null` is ignored by the server. */
    setExternalId(orderId: number, value: string | null, options?: RequestOptions): Promise<void>;
    /** @deprecated The API deprecates PUT: use `patch` or `setExternalId`. */
    update(orderId: number, body: FulfillmentOrderUpdate, options?: RequestOptions): Promise<void>;
    /** Posts a transition, never applied twice by this client (see `TransitionOptions.from`). */
    transition(orderId: number, action: FulfillmentAction, options: TransitionOptions): Promise<TransitionResult>;
  };
  /** The underlying openapi-fetch client, with the same auth, redirect refusal and middleware. */
  raw: Client<paths>;
}
