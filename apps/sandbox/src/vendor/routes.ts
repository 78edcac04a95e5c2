/**
 * The five operations of the vendor API. Each route's request schema is the spec's (see
 * `spec.ts`): by the time a handler runs, every parameter and body has passed it. The handlers
 * answer only the statuses the spec declares for their operation.
 */
import type { FulfillmentOrder, FulfillmentOrderUpdate, Operation } from "@fulfillkit/core";
import { validateTransitionBody } from "@fulfillkit/transitions";
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from "fastify";
import type { SandboxContext } from "../context";
import { errorBody } from "../errors";
import { faultLabel } from "../faults";
import type { StoredOrder } from "../store";
import { compileBodyRule } from "../validation";
import type { DeclaredStatuses } from "./hooks";
import { compareOrders, filterFor, type ListQuery } from "./list";

const ORDERS = "/v1/fulfillment/orders";
const ORDER = `${ORDERS}/{orderId}`;

export function registerVendorRoutes(api: FastifyInstance, context: SandboxContext): void {
  const { spec, store } = context;
  const route = (method: "GET" | "PATCH" | "PUT" | "POST", specPath: string, handler: RouteHandlerMethod) => {
    const { url, schema, statuses } = spec.operation(method, specPath);
    const defined = Object.fromEntries(Object.entries(schema).filter(([, part]) => part !== undefined));
    const config: DeclaredStatuses = { declaredStatuses: statuses };
    api.route({ method, url, schema: defined, config, handler });
  };
  // PATCH's body schema says nothing of the value; it is the value of `externalId`, so the
  // spec's rule for that property applies.
  const isExternalId = compileBodyRule(
    (spec.component("FulfillmentOrderUpdate").properties as Record<string, object>).externalId ?? {},
  );

  route("GET", ORDERS, async (request) => {
    const query = request.query as ListQuery;
    const { limit } = query;
    // The spec sets no minimum for offset, so a negative one is a valid request, not a 400: it
    // reads from the first order, as offset 0 does.
    const offset = Math.max(0, query.offset);
    const visible: FulfillmentOrder[] = [];
    const matches = filterFor(query);
    for (const stored of store.orders.values()) {
      if (stored.providerId === request.provider?.providerId && matches(stored.order)) {
        visible.push(stored.order);
      }
    }
    visible.sort(compareOrders(query));
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

  route("GET", ORDER, async (request, reply) => {
    const stored = findOwnOrder(request, reply);
    return stored ? stored.order : reply;
  });

  route("PATCH", ORDER, async (request, reply) => {
    const stored = findOwnOrder(request, reply);
    if (!stored) return reply;
    const ops = request.body as Operation[];
    const invalid = (index: number, why: string) =>
      reply.code(400).send(errorBody("invalid-patch", `body[${index}]: ${why}`));
    if (ops.length === 0) {
      return reply.code(400).send(errorBody("invalid-patch", "body must hold at least one JSON-Patch operation"));
    }
    let externalId = stored.order.externalId ?? null;
    for (const [index, { op, path, value }] of ops.entries()) {
      if (path !== "/externalId") {
        return invalid(index, `only /externalId can be patched (got path ${JSON.stringify(path)})`);
      }
      if (op === "remove") {
        externalId = null;
      } else if (op === "replace" || op === "add") {
        if (!isExternalId(value)) {
          return invalid(index, `value ${isExternalId.errors?.[0]?.message ?? "is invalid"} (the rule of externalId)`);
        }
        externalId = value === "" ? null : (value as string | null);
      } else if (op === "test") {
        if (value !== externalId) {
          return reply
            .code(400)
            .send(errorBody("test-failed", `body[${index}]: test failed: externalId is ${JSON.stringify(externalId)}`));
        }
      } else {
        return invalid(index, `op must be add, replace, remove or test (got ${JSON.stringify(op)})`);
      }
    }
    stored.order.externalId = externalId;
    return reply.code(204).send();
  });

  route("PUT", ORDER, async (request, reply) => {
    const stored = findOwnOrder(request, reply);
    if (!stored) return reply;
    const { externalId } = (request.body ?? {}) as FulfillmentOrderUpdate;
    // null is ignored; "" clears (the spec's words).
    if (externalId !== undefined && externalId !== null)
      stored.order.externalId = externalId === "" ? null : externalId;
    return reply.code(204).send();
  });

  route("POST", `${ORDER}/transitions`, async (request, reply) => {
    const stored = findOwnOrder(request, reply);
    if (!stored) return reply;
    // The schema has passed; this adds the rules the spec gives in prose (activationDate only
    // with complete), with the refusal codes of @fulfillkit/transitions.
    const body = validateTransitionBody(request.body);
    if (!body.ok) return reply.code(400).send(errorBody(body.code, body.reason));
    const origin = { requestId: request.sandboxRequestId ?? 0, fault: request.fault && faultLabel(request.fault) };
    const result = store.transition(stored, body.value.action, body.value.activationDate, origin);
    if (!result.ok) return reply.code(409).send(errorBody(result.code, result.reason));
    return reply.code(204).send();
  });

  /** The caller's order, or a 403 that reads the same whether the order is another's or missing. */
  function findOwnOrder(request: FastifyRequest, reply: FastifyReply): StoredOrder | undefined {
    const { orderId } = request.params as { orderId: number };
    const stored = store.orders.get(orderId);
    if (stored && stored.providerId === request.provider?.providerId) return stored;
    reply
      .code(403)
      .send(errorBody("forbidden", `order ${orderId}: access denied, or the order does not exist (anymore)`));
    return undefined;
  }
}
