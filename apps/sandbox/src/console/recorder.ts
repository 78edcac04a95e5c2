import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { SandboxStore } from "../store";
import { judge, specOperations } from "./conformance";
import { type Coverage, TIMEOUT } from "./coverage";
import { keptBody, maskKey, type RequestLog } from "./request-log";

interface Trace {
  startedAt: number;
  responseBody: string | null;
  /** The sandbox got as far as sending its answer (a drop after that is the sandbox's, not the client's). */
  answering: boolean;
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

/** An error answer's `errorCode` and `errorDescription`, when it is an ErrorResponse. */
function errorOf(status: number, body: string | null): { code?: string; description?: string } {
  if (status < 400 || !body) return {};
  try {
    const parsed = JSON.parse(body) as { errorCode?: unknown; errorDescription?: unknown };
    return {
      ...(typeof parsed.errorCode === "string" ? { code: parsed.errorCode } : {}),
      ...(typeof parsed.errorDescription === "string" ? { description: parsed.errorDescription } : {}),
    };
  } catch {
    return {};
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
  coverage: Coverage,
  onChange: () => void,
  onReset: () => void,
): void {
  const { declared, operationOf } = specOperations();
  const maskedKeys = new Map<string, string>();
  const masked = (apiKey: string) => {
    let mask = maskedKeys.get(apiKey);
    if (mask === undefined) {
      mask = maskKey(apiKey);
      if (maskedKeys.size < 100) maskedKeys.set(apiKey, mask);
    }
    return mask;
  };
  // Callback hooks, not async ones: they run on every request, and the console must stay cheap.
  app.addHook("onRequest", (request, reply, done) => {
    if (request.method !== "GET") {
      reply.raw.once("close", onChange);
      if (request.url === "/_sandbox/reset") reply.raw.once("close", () => reply.statusCode === 200 && onReset());
    }
    if (request.url.startsWith("/v1/")) {
      const trace: Trace = { startedAt: performance.now(), responseBody: null, answering: false };
      request.consoleTrace = trace;
      reply.raw.on("close", () => record(request, reply.raw, trace));
    }
    done();
  });
  app.addHook("onSend", (request, _reply, payload, done) => {
    const trace = request.consoleTrace;
    if (trace) {
      trace.answering = true;
      if (typeof payload === "string") trace.responseBody = payload;
    }
    done(null, payload);
  });

  function record(request: FastifyRequest, raw: ServerResponse, trace: Trace): void {
    const status = raw.writableFinished ? raw.statusCode : "dropped";
    const key = request.headers["x-api-key"];
    const apiKey = typeof key === "string" ? key : undefined;
    const fault = describeFault(request.fault);
    const error = typeof status === "number" ? errorOf(status, trace.responseBody) : {};
    const reason = error.description;
    const providerId = store.providerForKey(apiKey)?.providerId ?? null;
    coverage.note(providerId, status === 409 ? error.code : undefined, fault ? request.fault?.kind : undefined);
    if (status === "dropped" && !trace.answering && request.fault?.kind !== "drop") {
      coverage.note(providerId, undefined, TIMEOUT);
    }
    const { requestVerdict, responseVerdict } = judge(declared, {
      operation: operationOf(request.method, request.url),
      status,
      fault,
      errorDescription: reason,
    });
    log.add({
      at: Date.now(),
      providerId,
      method: request.method,
      path: request.url,
      status,
      latencyMs: Math.round((performance.now() - trace.startedAt) * 10) / 10,
      fault,
      requestVerdict,
      responseVerdict,
      reason: reason ?? null,
      maskedKey: apiKey === undefined ? null : masked(apiKey),
      requestBody: maskedBody(request.body, apiKey),
      ...keptBody(request.method, status, trace.responseBody),
    });
  }
}
