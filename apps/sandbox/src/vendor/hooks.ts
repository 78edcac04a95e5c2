/**
 * What happens around every vendor-API request: it is counted and given an id, the fault for it
 * is drawn, the key is checked; after the handler, a fault may replace or drop the answer.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { SandboxContext } from "../context";
import { errorBody } from "../errors";
import { type Fault, faultLabel } from "../faults";
import type { Provider } from "../store";

declare module "fastify" {
  interface FastifyRequest {
    provider?: Provider;
    fault?: Fault;
    /** The request's id: `x-sandbox-request-id`, `requestId` in `/_sandbox/log` and `/_sandbox/requests`. */
    sandboxRequestId?: number;
  }
}

/** Each vendor route's config: the statuses the spec declares for its operation. */
export interface DeclaredStatuses {
  declaredStatuses: ReadonlySet<number>;
}
// Fastify's own refusals of a body it cannot read; no operation declares them.
const FRAMEWORK_STATUSES = new Set([413, 415]);

export function registerVendorHooks(api: FastifyInstance, context: SandboxContext): void {
  const { faults, requests, store } = context;

  api.addHook("onRequest", async (request, reply) => {
    const requestId = requests.received(request.method, request.routeOptions.url ?? request.url);
    request.sandboxRequestId = requestId;
    reply.header("x-sandbox-request-id", String(requestId));

    const { latencyMs, retryAfterSeconds } = faults.settings;
    if (latencyMs > 0) await sleep(latencyMs);
    const fault = faults.draw(request.method !== "GET");
    request.fault = fault;
    const label = faultLabel(fault);
    if (label) {
      requests.faulted({ requestId, method: request.method, url: request.url }, label);
      reply.header("x-sandbox-fault", label);
    }
    if (fault.kind === "503") {
      return reply.code(503).send(errorBody("unavailable", "injected fault: service unavailable"));
    }
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

  // Once the body is read, before it is validated and handled: a slow apply holds the request
  // here, so that the change lands (or the 400 comes) after a client with a shorter timeout has
  // given up.
  api.addHook("preValidation", async (request) => {
    if (request.fault?.kind === "slow-apply") await sleep(faults.settings.slowApplyMs);
  });

  api.addHook("onSend", async (request, reply, payload) => {
    const fault = request.fault;
    const declared = (request.routeOptions.config as Partial<DeclaredStatuses>).declaredStatuses;
    const status = reply.statusCode;
    if ((!fault || fault.kind === "none") && declared && !declared.has(status) && !FRAMEWORK_STATUSES.has(status)) {
      // A bug of the sandbox's, recorded where a rehearsal looks: /_sandbox/requests.
      requests.undeclared({
        requestId: request.sandboxRequestId ?? 0,
        method: request.method,
        url: request.url,
        status,
      });
    }
    if (fault?.kind === "504-after-apply") {
      reply.code(504).header("content-type", "application/json; charset=utf-8");
      return JSON.stringify(errorBody("gateway-timeout", "injected fault: the request was handled, then timed out"));
    }
    if ((fault?.kind === "drop" && fault.afterApplying) || (fault?.kind === "slow-apply" && fault.thenDrop)) {
      reply.raw.socket?.destroy();
    }
    return payload;
  });
}

function dropConnection(reply: FastifyReply): FastifyReply {
  reply.hijack();
  reply.raw.socket?.destroy();
  return reply;
}
