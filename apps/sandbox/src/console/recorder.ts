import type { FastifyInstance, FastifyRequest } from "fastify";
import type { SandboxStore } from "../store";
import { declaredStatuses, judge } from "./conformance";
import { maskKey, type RequestEntry, type RequestLog } from "./request-log";

interface Trace {
  startedAt: number;
  responseBody: string | null;
}

declare module "fastify" {
  interface FastifyRequest {
    consoleTrace?: Trace;
  }
}

/** The request's body as JSON, any copy of the key in it masked. */
function maskedBody(body: unknown, apiKey: string | undefined): string | null {
  if (body === undefined || body === null) return null;
  const text = JSON.stringify(body);
  return apiKey ? text.replaceAll(apiKey, maskKey(apiKey)) : text;
}

/** "drop (afterApplying)" from `{ kind: "drop", afterApplying: true }`; null for no fault. */
function describeFault(fault: FastifyRequest["fault"]): string | null {
  if (!fault || fault.kind === "none") return null;
  const details = Object.entries(fault)
    .filter(([key, value]) => key !== "kind" && value !== false && value !== undefined)
    .map(([key, value]) => (value === true ? key : `${key} ${String(value)}`));
  return details.length > 0 ? `${fault.kind} (${details.join(", ")})` : fault.kind;
}

function errorDescription(status: number, body: string | null): string | undefined {
  if (status < 400 || !body) return undefined;
  try {
    const parsed = JSON.parse(body) as { errorDescription?: unknown };
    return typeof parsed.errorDescription === "string" ? parsed.errorDescription : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records every vendor-API request (`/v1/…`) into `log` when its connection closes, answered or
 * dropped, and calls `onChange` when any request that may have changed state (not a GET) ends.
 */
export function recordRequests(
  app: FastifyInstance,
  store: SandboxStore,
  log: RequestLog,
  onChange: () => void,
  onRecord: (entry: RequestEntry) => void,
): void {
  const declared = declaredStatuses();
  app.addHook("onRequest", async (request, reply) => {
    if (request.method !== "GET") reply.raw.once("close", onChange);
    if (!request.url.startsWith("/v1/")) return;
    const trace: Trace = { startedAt: performance.now(), responseBody: null };
    request.consoleTrace = trace;
    reply.raw.once("close", () => {
      const answered = reply.raw.writableFinished;
      const status = answered ? reply.raw.statusCode : "dropped";
      const key = request.headers["x-api-key"];
      const apiKey = typeof key === "string" ? key : undefined;
      const fault = describeFault(request.fault);
      const routeUrl = request.routeOptions.url;
      const verdicts = judge(declared, {
        operation: routeUrl ? `${request.method} ${routeUrl}` : undefined,
        status,
        fault,
        errorDescription: typeof status === "number" ? errorDescription(status, trace.responseBody) : undefined,
      });
      onRecord(
        log.add({
          at: new Date().toISOString(),
          providerId: store.providerForKey(apiKey)?.providerId ?? null,
          method: request.method,
          path: request.url,
          status,
          latencyMs: Math.round((performance.now() - trace.startedAt) * 10) / 10,
          fault,
          ...verdicts,
          maskedKey: apiKey === undefined ? null : maskKey(apiKey),
          requestBody: maskedBody(request.body, apiKey),
          responseBody: trace.responseBody,
        }),
      );
    });
  });
  app.addHook("onSend", async (request, _reply, payload) => {
    if (request.consoleTrace && typeof payload === "string") request.consoleTrace.responseBody = payload;
    return payload;
  });
}
