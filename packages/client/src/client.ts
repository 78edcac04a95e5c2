import {
  FULFILLMENT_STATUSES,
  type FulfillmentOrder,
  type FulfillmentOrderList,
  type FulfillmentStatus,
  type paths,
} from "@fulfillkit/core";
import { ValidationError } from "./errors";
import { createClient } from "./openapi-fetch";
import { drain, pages } from "./pages";
import { retryPolicy } from "./retry";
import { sendTransition } from "./transition";
import { type AttemptInit, authorized, type Call, transport } from "./transport";
import type {
  FulfillmentClient,
  FulfillmentClientOptions,
  ListAllOptions,
  RequestOptions,
  TransitionOptions,
} from "./types";
import {
  assertAction,
  assertActivationDate,
  assertExternalId,
  assertListQuery,
  assertOrderId,
  assertPageSize,
  assertPatchOps,
  assertUpdateBody,
  type ListQuery,
} from "./validate";

const ORDERS = "/v1/fulfillment/orders";
const ORDER = "/v1/fulfillment/orders/{orderId}";
const TRANSITIONS = "/v1/fulfillment/orders/{orderId}/transitions";

const isObject = (body: unknown): body is Record<string, unknown> => typeof body === "object" && body !== null;
const isOrder = (body: unknown) => isObject(body) && typeof body.id === "number" && typeof body.status === "string";
const isOrderList = (body: unknown) => isObject(body) && Array.isArray(body.items);

function assertQuery(query: ListQuery): void {
  assertListQuery(query);
  // An empty filter would list everything (terminal orders too), which no caller means.
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value) && !value.length) {
      throw new ValidationError(`query.${key}`, "a non-empty array (leave the filter out to list every order)", value);
    }
  }
}

const isStatus = (status: unknown): status is FulfillmentStatus =>
  FULFILLMENT_STATUSES.includes(status as FulfillmentStatus);

export function createFulfillmentClient(options: FulfillmentClientOptions): FulfillmentClient {
  const { apiKey, timeoutMs = 30_000, settleMs } = options;
  if (typeof options.baseUrl !== "string" || !URL.canParse(options.baseUrl)) {
    throw new ValidationError("baseUrl", "an absolute URL such as https://api.example.com", options.baseUrl);
  }
  if (options.baseUrl.includes("@")) {
    // fetch refuses such URLs, and the API authenticates by key only.
    throw new ValidationError("baseUrl", "a URL without credentials (the key goes in apiKey)", "one with @");
  }
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw new ValidationError("apiKey", "a non-empty string", typeof apiKey === "string" ? "an empty string" : apiKey);
  }
  if (!(timeoutMs > 0 && timeoutMs < Infinity)) {
    throw new ValidationError("timeoutMs", "a positive number of milliseconds", timeoutMs);
  }
  if (settleMs !== undefined && !(settleMs >= 0 && settleMs < Infinity)) {
    throw new ValidationError("settleMs", "a number of milliseconds, 0 or more", settleMs);
  }
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const fetch = authorized(apiKey, options.fetch);
  const raw = createClient<paths>({ baseUrl, headers: options.headers, fetch });
  for (const middleware of options.middleware ?? []) raw.use(middleware);
  const request = transport(fetch, timeoutMs, retryPolicy(options.retry));

  /** A call to one order's URL. */
  const onOrder = (
    method: string,
    orderId: number,
    attempt: (init: AttemptInit, path: { orderId: number }) => ReturnType<Call["attempt"]>,
    suffix = "",
    valid?: Call["valid"],
  ): Call => ({
    method,
    url: `${baseUrl}${ORDERS}/${orderId}${suffix}`,
    attempt: (init) => attempt(init, { orderId }),
    valid,
  });

  function list(query: ListQuery = {}, { signal }: RequestOptions = {}): Promise<FulfillmentOrderList> {
    assertQuery(query);
    return request(
      {
        method: "GET",
        url: baseUrl + ORDERS,
        attempt: (init) => raw.GET(ORDERS, { params: { query }, ...init }),
        valid: isOrderList,
      },
      signal,
    );
  }

  function get(orderId: number, { signal }: RequestOptions = {}): Promise<FulfillmentOrder> {
    assertOrderId(orderId);
    return request(
      onOrder("GET", orderId, (init, path) => raw.GET(ORDER, { params: { path }, ...init }), "", isOrder),
      signal,
    );
  }

  let warnedAboutPut = false;
  const orders: FulfillmentClient["orders"] = {
    list,
    get,
    listAll(query = {}, { pageSize, signal }: ListAllOptions = {}) {
      assertQuery(query);
      assertPageSize(pageSize);
      return pages(list, query, pageSize ?? query.limit ?? 100, signal);
    },
    drain(query = {}, { pageSize, signal }: ListAllOptions = {}) {
      assertQuery(query);
      assertPageSize(pageSize);
      return drain(list, get, query, pageSize ?? query.limit ?? 100, signal);
    },
    async patch(orderId, ops, { signal } = {}) {
      assertOrderId(orderId);
      assertPatchOps(ops);
      await request(
        onOrder("PATCH", orderId, (init, path) => raw.PATCH(ORDER, { params: { path }, body: ops, ...init })),
        signal,
      );
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
        console.warn(
          "@fulfillkit/client: orders.update (PUT) is deprecated by the API; use orders.setExternalId or orders.patch",
        );
      }
      await request(
        onOrder("PUT", orderId, (init, path) => raw.PUT(ORDER, { params: { path }, body, ...init })),
        signal,
      );
    },
    transition(orderId, action, transitionOptions) {
      assertOrderId(orderId);
      assertAction(action);
      const { activationDate, from, to } = transitionOptions ?? ({} as TransitionOptions);
      assertActivationDate(action, activationDate);
      const statuses = FULFILLMENT_STATUSES.join(", ");
      if (from !== "unknown" && !isStatus(from)) {
        throw new ValidationError("from", `the status you decided from (${statuses}), or "unknown" to opt out`, from);
      }
      if (to !== undefined && (!isStatus(to) || to === from)) {
        throw new ValidationError("to", `the status the action leads to (${statuses}), not \`from\``, to);
      }
      const body = activationDate == null ? { action } : { action, activationDate };
      const call = onOrder(
        "POST",
        orderId,
        (init, path) => raw.POST(TRANSITIONS, { params: { path }, body, ...init }),
        "/transitions",
      );
      const readStatus = (s?: AbortSignal) => get(orderId, { signal: s }).then((order) => order.status);
      return sendTransition({ request, readStatus, settleMs }, call, orderId, action, transitionOptions);
    },
  };
  return { orders, raw };
}
