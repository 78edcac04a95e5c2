import {
  FULFILLMENT_STATUSES,
  FULFILLMENT_TYPES,
  type FulfillmentOrderTransactionType,
  type FulfillmentStatus,
  type FulfillmentType,
  TRANSACTION_TYPES,
} from "@fulfillkit/core";
import { validateTransitionBody } from "@fulfillkit/transitions";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { type ConsoleOptions, registerConsole } from "./console/index";
import type { RequestCounts } from "./control";
import { type Fault, FaultInjector, type FaultSettings } from "./faults";
import { compareOrders, matches, parseListQuery, QueryError } from "./query";
import { OrderFactory, PROVIDERS, seedOrders } from "./seed";
import { type Provider, SandboxStore, type StoredOrder } from "./store";

export interface SandboxOptions extends ConsoleOptions {
  seed?: number;
  orders?: number;
  logger?: boolean;
}

const ORDERS = "/v1/fulfillment/orders";
const MAX_EXTERNAL_ID = 100;

const errorBody = (errorCode: string, errorDescription: string) => ({ errorCode, errorDescription, data: null });

declare module "fastify" {
  interface FastifyRequest {
    provider?: Provider;
    fault?: Fault;
  }
}

export interface SandboxApp {
  app: FastifyInstance;
  store: SandboxStore;
  faults: FaultInjector;
}

export function createSandboxApp(options: SandboxOptions = {}): SandboxApp {
  let seed = options.seed ?? 1;
  let factory = new OrderFactory(seed + 1_000_000);
  const store = new SandboxStore(PROVIDERS);
  store.replaceAll(seedOrders({ seed, orders: options.orders ?? 200 }));
  const faults = new FaultInjector();
  const requests: RequestCounts = { total: 0, byRoute: {} };

  const app = Fastify({ logger: options.logger ?? false });
  registerConsole(app, store, options);

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    reply.code(status).send(errorBody(status === 400 ? "bad-request" : "internal-error", error.message));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody("not-found", `no route ${request.method} ${request.url}`));
  });

  // ---- the vendor API ----
  app.register(async (api) => {
    api.addHook("onRequest", async (request, reply) => {
      requests.total++;
      const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
      requests.byRoute[route] = (requests.byRoute[route] ?? 0) + 1;

      const { latencyMs, retryAfterSeconds } = faults.settings;
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const fault = faults.draw(request.method !== "GET");
      request.fault = fault;
      if (fault.kind === "503")
        return reply.code(503).send(errorBody("unavailable", "injected fault: service unavailable"));
      if (fault.kind === "429") {
        return reply
          .code(429)
          .header("Retry-After", String(retryAfterSeconds))
          .send(errorBody("rate-limited", "injected fault: too many requests"));
      }
      if (fault.kind === "drop" && !fault.afterApplying) return dropConnection(reply);

      const key = request.headers["x-api-key"];
      request.provider = store.providerForKey(typeof key === "string" ? key : undefined);
      if (!request.provider) {
        return reply
          .code(401)
          .send(errorBody("unauthorized", key ? "the X-API-KEY is unknown" : "the X-API-KEY header is missing"));
      }
    });

    api.get(ORDERS, async (request, reply) => {
      const provider = request.provider as Provider;
      let filters: ReturnType<typeof parseListQuery>;
      try {
        filters = parseListQuery(request.query as Record<string, string | string[]>);
      } catch (error) {
        if (error instanceof QueryError) return reply.code(400).send(errorBody("invalid-query", error.message));
        throw error;
      }
      const visible: StoredOrder["order"][] = [];
      for (const stored of store.orders.values()) {
        if (stored.providerId === provider.providerId && matches(stored.order, filters)) visible.push(stored.order);
      }
      visible.sort(compareOrders(filters));
      const { offset, limit } = filters;
      const pageLink = (at: number) => {
        const params = new URLSearchParams(request.url.split("?")[1] ?? "");
        params.set("offset", String(at));
        params.set("limit", String(limit));
        return { href: `${ORDERS}?${params}`, method: "GET" };
      };
      return {
        items: visible.slice(offset, offset + limit),
        total: visible.length,
        self: pageLink(offset),
        ...(offset + limit < visible.length ? { next: pageLink(offset + limit) } : {}),
        ...(offset > 0 ? { previous: pageLink(Math.max(0, offset - limit)) } : {}),
      };
    });

    api.get(`${ORDERS}/:orderId`, async (request, reply) => {
      const stored = findOwnOrder(request, reply);
      return stored ? stored.order : reply;
    });

    api.patch(`${ORDERS}/:orderId`, async (request, reply) => {
      const stored = findOwnOrder(request, reply);
      if (!stored) return reply;
      const ops = request.body;
      if (!Array.isArray(ops) || ops.length === 0) {
        return reply.code(400).send(errorBody("invalid-body", "the body must be a non-empty JSON-Patch array"));
      }
      let externalId = stored.order.externalId ?? null;
      for (const [index, op] of ops.entries()) {
        const { op: kind, path, value } = (op ?? {}) as { op?: unknown; path?: unknown; value?: unknown };
        if (path !== "/externalId") {
          return reply
            .code(400)
            .send(
              errorBody(
                "invalid-patch",
                `operation ${index}: only /externalId can be patched (got ${JSON.stringify(path)})`,
              ),
            );
        }
        if (kind === "remove") {
          externalId = null;
        } else if (kind === "replace" || kind === "add") {
          if (value !== null && (typeof value !== "string" || value.length > MAX_EXTERNAL_ID)) {
            return reply
              .code(400)
              .send(
                errorBody(
                  "invalid-patch",
                  `operation ${index}: externalId must be a string of at most 100 characters or null`,
                ),
              );
          }
          externalId = value === "" ? null : (value as string | null);
        } else if (kind === "test") {
          if (value !== externalId)
            return reply.code(409).send(errorBody("test-failed", `operation ${index}: test failed`));
        } else {
          return reply
            .code(400)
            .send(
              errorBody(
                "invalid-patch",
                `operation ${index}: op must be add, replace, remove or test (got ${JSON.stringify(kind)})`,
              ),
            );
        }
      }
      stored.order.externalId = externalId;
      return noContent(request, reply);
    });

    api.put(`${ORDERS}/:orderId`, async (request, reply) => {
      const stored = findOwnOrder(request, reply);
      if (!stored) return reply;
      const body = request.body;
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        return reply.code(400).send(errorBody("invalid-body", "the body must be an object { externalId }"));
      }
      const extra = Object.keys(body).find((key) => key !== "externalId");
      if (extra)
        return reply.code(400).send(errorBody("invalid-body", `property ${extra} is not allowed; only externalId`));
      const { externalId } = body as { externalId?: unknown };
      if (externalId !== undefined && externalId !== null) {
        if (typeof externalId !== "string" || externalId.length > MAX_EXTERNAL_ID) {
          return reply
            .code(400)
            .send(errorBody("invalid-body", "externalId must be a string of at most 100 characters"));
        }
        // null is ignored; "" clears (the spec's words).
        stored.order.externalId = externalId === "" ? null : externalId;
      }
      return noContent(request, reply);
    });

    api.post(`${ORDERS}/:orderId/transitions`, async (request, reply) => {
      const stored = findOwnOrder(request, reply);
      if (!stored) return reply;
      const body = validateTransitionBody(request.body);
      if (!body.ok) return reply.code(400).send(errorBody(body.code, body.reason));
      const result = store.transition(stored, body.value.action, body.value.activationDate);
      if (!result.ok) return reply.code(409).send(errorBody(result.code, result.reason));
      return noContent(request, reply);
    });
  });

  function findOwnOrder(request: FastifyRequest, reply: FastifyReply): StoredOrder | undefined {
    const raw = (request.params as { orderId: string }).orderId;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
      reply.code(400).send(errorBody("invalid-order-id", `orderId must be a positive integer (got "${raw}")`));
      return undefined;
    }
    const stored = store.orders.get(Number(raw));
    if (!stored) {
      reply.code(404).send(errorBody("not-found", `order ${raw} does not exist`));
      return undefined;
    }
    if (stored.providerId !== request.provider?.providerId) {
      reply.code(403).send(errorBody("forbidden", `order ${raw} belongs to a customer of another provider`));
      return undefined;
    }
    return stored;
  }

  /** 204, or, when a fault says so, the change stays applied and the connection drops. */
  function noContent(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (request.fault?.kind === "drop" && request.fault.afterApplying) return dropConnection(reply);
    return reply.code(204).send();
  }

  function dropConnection(reply: FastifyReply): FastifyReply {
    reply.hijack();
    reply.raw.socket?.destroy();
    return reply;
  }

  // ---- sandbox-only controls (not part of the vendor API) ----
  app.register(
    async (controls) => {
      controls.post("/orders", async (request, reply) => {
        const input = (request.body ?? {}) as {
          transactionType?: FulfillmentOrderTransactionType;
          status?: FulfillmentStatus;
          isPreorder?: boolean;
          fulfillmentType?: FulfillmentType;
          providerId?: number;
        };
        const problem =
          (input.transactionType !== undefined &&
            !TRANSACTION_TYPES.includes(input.transactionType) &&
            "transactionType") ||
          (input.status !== undefined && !FULFILLMENT_STATUSES.includes(input.status) && "status") ||
          (input.fulfillmentType !== undefined &&
            !FULFILLMENT_TYPES.includes(input.fulfillmentType) &&
            "fulfillmentType") ||
          (input.isPreorder !== undefined && typeof input.isPreorder !== "boolean" && "isPreorder") ||
          (input.providerId !== undefined && !PROVIDERS.some((p) => p.providerId === input.providerId) && "providerId");
        if (problem) return reply.code(400).send(errorBody("invalid-body", `${problem} has an unknown value`));
        const stored = factory.create(store.nextId(), input.providerId ?? 1, input);
        if (input.status) stored.order.status = input.status;
        store.add(stored);
        return reply.code(201).send(stored.order);
      });

      controls.post("/orders/:orderId/request-delivery", async (request, reply) => {
        const stored = store.orders.get(Number((request.params as { orderId: string }).orderId));
        if (!stored) return reply.code(404).send(errorBody("not-found", "no such order"));
        const result = store.requestDelivery(stored);
        if (!result.ok) return reply.code(409).send(errorBody(result.code, result.reason));
        return { orderId: stored.order.id, from: result.from, to: result.to };
      });

      controls.post("/reset", async (request) => {
        const body = (request.body ?? {}) as { seed?: number; orders?: number };
        seed = body.seed ?? seed;
        factory = new OrderFactory(seed + 1_000_000);
        store.replaceAll(seedOrders({ seed, orders: body.orders ?? options.orders ?? 200 }));
        faults.configure({ rate503: 0, rate429: 0, rateDrop: 0, latencyMs: 0 });
        requests.total = 0;
        requests.byRoute = {};
        return { seed, orders: store.orders.size };
      });

      controls.get("/faults", async () => faults.settings);
      controls.put("/faults", async (request, reply) => {
        try {
          return faults.configure((request.body ?? {}) as Partial<FaultSettings>);
        } catch (error) {
          return reply.code(400).send(errorBody("invalid-faults", (error as Error).message));
        }
      });

      controls.get("/log", async () => store.log);
      controls.get("/requests", async () => requests);
      controls.get("/stats", async (request) => {
        const { providerId } = request.query as { providerId?: string };
        const byStatus: Record<string, number> = Object.fromEntries(FULFILLMENT_STATUSES.map((s) => [s, 0]));
        for (const stored of store.orders.values()) {
          if (providerId === undefined || stored.providerId === Number(providerId)) {
            byStatus[stored.order.status] = (byStatus[stored.order.status] ?? 0) + 1;
          }
        }
        return { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus };
      });
    },
    { prefix: "/_sandbox" },
  );

  return { app, store, faults };
}
