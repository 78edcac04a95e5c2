import type { FulfillmentOrder, FulfillmentOrderList, paths } from "@fulfillkit/core";
import { ValidationError } from "./errors";
import { createClient } from "./openapi-fetch";
import { drain, pages } from "./pages";
import { createResponseValidation } from "./response-validation";
import { retryPolicy } from "./retry";
import { sendTransition } from "./transition";
import { authorized, type Call, transport } from "./transport";
import type {
  FulfillmentClient,
  FulfillmentClientOptions,
  ListAllOptions,
  RequestOptions,
  TransitionOptions,
} from "./types";
import {
  assertExternalId,
  assertFromTo,
  assertListQuery,
  assertOrderId,
  assertPageSize,
  assertPatchOps,
  assertTransition,
  assertUpdateBody,
  type ListQuery,
} from "./validate";

const ORDERS = "/v1/fulfillment/orders";
const ORDER = `${ORDERS}/{orderId}`;

function assertQuery(query: ListQuery): void {
  assertListQuery(query);
  // An empty filter would list everything (terminal orders too), which no caller means.
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value) && !value.length) {
      throw new ValidationError(`query.${key}`, "a non-empty array (leave it out to list every order)", value);
    }
  }
}

export function createFulfillmentClient(options: FulfillmentClientOptions): FulfillmentClient {
  const { apiKey, timeoutMs = 30_000, settleMs } = options;
  if (typeof options.baseUrl !== "string" || !URL.canParse(options.baseUrl)) {
    throw new ValidationError("baseUrl", "an absolute URL such as https://api.example.com", options.baseUrl);
  }
  const { username, password } = new URL(options.baseUrl);
  if (username || password) {
    // fetch refuses such URLs, and the API authenticates by key only.
    throw new ValidationError("baseUrl", "a URL without credentials", "one with @");
  }
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw new ValidationError("apiKey", "a non-empty string", typeof apiKey === "string" ? "an empty string" : apiKey);
  }
  if (!(timeoutMs > 0 && timeoutMs < Infinity)) {
    throw new ValidationError("timeoutMs", "a positive number of milliseconds", timeoutMs);
  }
  if (settleMs !== undefined && !(settleMs >= 0 && settleMs < Infinity)) {
    throw new ValidationError("settleMs", "a number of milliseconds ≥ 0", settleMs);
  }
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const fetch = authorized(apiKey, options.fetch);
  const raw = createClient<paths>({ baseUrl, headers: options.headers, fetch });
  for (const middleware of options.middleware ?? []) raw.use(middleware);
  if (options.validateResponses) raw.use(createResponseValidation({ mode: options.validateResponses }));
  const request = transport(fetch, timeoutMs, retryPolicy(options.retry));

  // openapi-fetch's typed methods, reached through its untyped `request`: one call site for all.
  const untyped = raw as unknown as {
    request: (method: string, path: string, init: object) => ReturnType<Call["attempt"]>;
  };
  /** A call of `path` (its `{orderId}` filled in), through the one retry loop. */
  const toCall = (method: string, path: string, params: object, body?: unknown, expects?: string): Call => ({
    method,
    url: baseUrl + path.replace("{orderId}", String((params as { path?: { orderId: number } }).path?.orderId)),
    attempt: (init) => untyped.request(method, path, { params, body, ...init }),
    expects,
  });
  const call = <T>(signal: AbortSignal | undefined, ...args: Parameters<typeof toCall>) =>
    request<T>(toCall(...args), signal);

  async function list(query: ListQuery = {}, { signal }: RequestOptions = {}): Promise<FulfillmentOrderList> {
    assertQuery(query);
    return call(signal, "GET", ORDERS, { query }, undefined, "items");
  }

  async function get(orderId: number, { signal }: RequestOptions = {}): Promise<FulfillmentOrder> {
    assertOrderId(orderId);
    return call(signal, "GET", ORDER, { path: { orderId } }, undefined, "status");
  }

  /** `listAll` and `drain`: the same checks, then a walk over the pages. */
  const walk =
    (over: (query: ListQuery, limit: number, signal?: AbortSignal) => AsyncIterable<FulfillmentOrder>) =>
    (query: ListQuery = {}, { pageSize, signal }: ListAllOptions = {}) => {
      assertQuery(query);
      assertPageSize(pageSize);
      return over(query, pageSize ?? query.limit ?? 100, signal);
    };

  let warnedAboutPut = false;
  const orders: FulfillmentClient["orders"] = {
    list,
    get,
    listAll: walk((query, limit, signal) => pages(list, query, limit, signal)),
    drain: walk((query, limit, signal) => drain(list, get, query, limit, signal)),
    async patch(orderId, ops, { signal } = {}) {
      assertOrderId(orderId);
      assertPatchOps(ops);
      await call(signal, "PATCH", ORDER, { path: { orderId } }, ops);
    },
    setExternalId(orderId, value, requestOptions) {
      assertExternalId("externalId", value);
      return orders.patch(orderId, [{ op: "replace", path: "/externalId", value }], requestOptions);
    },
    async update(orderId, body, { signal } = {}) {
      assertOrderId(orderId);
      assertUpdateBody(body);
      if (!warnedAboutPut) {
        warnedAboutPut = true;
        console.warn("@fulfillkit/client: PUT is deprecated; use orders.setExternalId");
      }
      await call(signal, "PUT", ORDER, { path: { orderId } }, body);
    },
    async transition(orderId, action, transitionOptions) {
      assertOrderId(orderId);
      const { activationDate, from, to } = transitionOptions ?? ({} as TransitionOptions);
      assertTransition(action, activationDate);
      assertFromTo(from, to);
      const body = activationDate == null ? { action } : { action, activationDate };
      const post = toCall("POST", `${ORDER}/transitions`, { path: { orderId } }, body);
      const readStatus = (s?: AbortSignal) => get(orderId, { signal: s }).then((order) => order.status);
      return sendTransition({ request, readStatus, settleMs }, post, orderId, action, transitionOptions);
    },
  };
  return { orders, raw };
}
