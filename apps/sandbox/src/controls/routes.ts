/**
 * The sandbox-only controls under `/_sandbox/` (not part of the vendor API). Their bodies are
 * checked by JSON Schema like the vendor API's: an unknown key or a wrong type is a 400 naming it.
 */
import { FULFILLMENT_STATUSES, type FulfillmentOrder } from "@fulfillkit/core";
import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "../context";
import { errorBody } from "../errors";
import { FAULT_SETTINGS_SCHEMA, type FaultSettings, FaultSettingsError } from "../faults";
import { PROVIDERS } from "../seed";

const orderIdParams = {
  type: "object",
  properties: { orderId: { type: "integer", minimum: 1 } },
  required: ["orderId"],
} as const;

export function registerControlRoutes(controls: FastifyInstance, context: SandboxContext): void {
  const { spec, store, faults, requests } = context;
  const providerIds = PROVIDERS.map((provider) => provider.providerId);

  controls.post(
    "/orders",
    {
      schema: {
        body: {
          type: "object",
          properties: {
            // The enums are the spec's own.
            transactionType: spec.component("FulfillmentOrderTransactionType"),
            status: spec.component("FulfillmentStatus"),
            fulfillmentType: spec.component("FulfillmentType"),
            isPreorder: { type: "boolean" },
            providerId: { type: "integer", enum: providerIds },
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const input = (request.body ?? {}) as Partial<FulfillmentOrder> & { providerId?: number };
      const stored = context.factory.create(store.nextId(), input.providerId ?? 1, input);
      if (input.status) stored.order.status = input.status;
      store.add(stored);
      return reply.code(201).send(stored.order);
    },
  );

  controls.post("/orders/:orderId/request-delivery", { schema: { params: orderIdParams } }, async (request, reply) => {
    const stored = store.orders.get((request.params as { orderId: number }).orderId);
    if (!stored) return reply.code(404).send(errorBody("not-found", "no such order"));
    const result = store.requestDelivery(stored);
    if (!result.ok) return reply.code(409).send(errorBody(result.code, result.reason));
    return { orderId: stored.order.id, from: result.from, to: result.to };
  });

  controls.post(
    "/reset",
    {
      schema: {
        body: {
          type: "object",
          properties: {
            seed: { type: "integer", minimum: 0, maximum: 4_294_967_295 },
            orders: { type: "integer", minimum: 0, maximum: 1_000_000 },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { seed, orders } = (request.body ?? {}) as { seed?: number; orders?: number };
      context.reset(seed, orders);
      return { seed: context.seed, orders: store.orders.size };
    },
  );

  controls.get("/faults", async () => faults.settings);
  controls.put("/faults", { schema: { body: FAULT_SETTINGS_SCHEMA } }, async (request, reply) => {
    try {
      return faults.configure((request.body ?? {}) as Partial<FaultSettings>);
    } catch (error) {
      if (error instanceof FaultSettingsError) return reply.code(400).send(errorBody("invalid-faults", error.message));
      throw error;
    }
  });

  controls.get("/log", async () => store.log);
  controls.get("/requests", async () => requests.counts);
  controls.get(
    "/stats",
    {
      schema: {
        querystring: {
          type: "object",
          properties: { providerId: { type: "integer", enum: providerIds } },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { providerId } = request.query as { providerId?: number };
      const byStatus: Record<string, number> = Object.fromEntries(FULFILLMENT_STATUSES.map((s) => [s, 0]));
      for (const stored of store.orders.values()) {
        if (providerId === undefined || stored.providerId === providerId) {
          byStatus[stored.order.status] = (byStatus[stored.order.status] ?? 0) + 1;
        }
      }
      return { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus };
    },
  );
}
