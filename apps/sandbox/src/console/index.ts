import type { FastifyInstance } from "fastify";
import type { Persistable } from "../persist";
import type { LoadedSpec } from "../spec";
import type { SandboxStore } from "../store";
import { loadAssets } from "./assets";
import { specOperations } from "./conformance";
import { Coverage } from "./coverage";
import { ConsoleEvents } from "./events";
import { CONSOLE_PAGE } from "./page";
import { recordRequests } from "./recorder";
import { RequestLog, type RequestSummary, summarize } from "./request-log";
import { Timelines } from "./timelines";
import { guardWithToken } from "./token";
import { TransitionFeed } from "./transition-feed";

export type { CoverageReport } from "./coverage";
export type { AppliedTransition, RequestEntry, RequestSummary } from "./request-log";
export type { OrderTimeline, TimelineEvent } from "./timelines";
export { isLoopback, newToken, TOKEN_HEADER } from "./token";

export interface ConsoleOptions {
  /** Serve the console and record the request log (default true). */
  console?: boolean;
  /** When set, the console and every `/_sandbox` control require it (see `startSandbox`). */
  token?: string;
  /** How many requests the log keeps, newest first (default 1000). */
  requestLogSize?: number;
  /**
   * Record the rehearsal coverage and the per-order timelines (default true). Off, the console
   * keeps its request log alone, and `/_sandbox/coverage` and the timelines answer 404: the
   * sandbox bench/console.ts sets their cost against.
   */
  coverageAndTimelines?: boolean;
}

/** What `/_sandbox/coverage` and the timelines answer when the sandbox records neither. */
const NOT_RECORDED = {
  errorCode: "not-found",
  errorDescription:
    "this sandbox records no coverage and no timelines: it was started with coverageAndTimelines: false",
  data: null,
};

export const CONSOLE_PATH = "/_sandbox/console";
const PUSH_INTERVAL_MS = 250;

/**
 * The console's routes and recorders. Returns what `--state` keeps across restarts: the request
 * log, the coverage and the timelines (none when the console is off).
 */
export function registerConsole(
  app: FastifyInstance,
  store: SandboxStore,
  spec: LoadedSpec,
  options: ConsoleOptions,
): Persistable[] {
  if (options.token) guardWithToken(app, options.token);
  if (options.console === false) return [];
  const log = new RequestLog(options.requestLogSize ?? 1000);
  const events = new ConsoleEvents(log, PUSH_INTERVAL_MS);
  const coverage = new Coverage();
  const timelines = new Timelines();
  const feed = new TransitionFeed(store);
  const recording = options.coverageAndTimelines !== false;
  const recorders = { log, coverage: recording ? coverage : null, timelines: recording ? timelines : null, feed };
  recordRequests(app, store, specOperations(spec), recorders, events.markChanged, () => {
    log.clear();
    coverage.clear();
    timelines.clear();
    feed.clear();
    events.restart();
  });
  app.addHook("preClose", async () => events.close());

  const assets = loadAssets();
  app.get("/", async (request, reply) => reply.redirect(`${CONSOLE_PATH}${request.url.slice(1)}`));
  app.get(CONSOLE_PATH, async (_request, reply) => {
    if (!assets.has("main.js")) {
      return reply
        .code(503)
        .type("text/plain")
        .send("the console is not built: run `pnpm build` (or `pnpm sandbox`, which builds it first)");
    }
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(CONSOLE_PAGE);
  });
  app.get(`${CONSOLE_PATH}/assets/:name`, async (request, reply) => {
    const asset = assets.get((request.params as { name: string }).name);
    if (!asset) return reply.code(404).send({ errorCode: "not-found", errorDescription: "no such asset", data: null });
    return reply.type(asset.type).send(asset.body);
  });
  app.get(`${CONSOLE_PATH}/tenants`, async () => store.providers);
  app.get(`${CONSOLE_PATH}/orders`, async (request) => {
    const providerId = Number((request.query as { providerId?: string }).providerId ?? 1);
    const orders = [];
    for (const stored of store.orders.values()) if (stored.providerId === providerId) orders.push(stored.order);
    return orders;
  });
  app.get(`${CONSOLE_PATH}/requests`, async (request) => {
    feed.catchUp();
    const limit = Math.min(1000, Number((request.query as { limit?: string }).limit ?? 200) || 200);
    const entries: RequestSummary[] = log.newest(limit).map(summarize);
    return { entries, total: log.total, dropped: log.dropped, capacity: log.capacity };
  });
  app.delete(`${CONSOLE_PATH}/requests`, async (_request, reply) => {
    log.clear();
    events.restart();
    return reply.code(204).send();
  });
  app.get(`${CONSOLE_PATH}/requests/:seq`, async (request, reply) => {
    feed.catchUp();
    const entry = log.get(Number((request.params as { seq: string }).seq));
    if (!entry) {
      return reply
        .code(404)
        .send({ errorCode: "not-found", errorDescription: "that request is no longer in the log", data: null });
    }
    return entry;
  });
  app.get("/_sandbox/coverage", async (request, reply) => {
    if (!recording) return reply.code(404).send(NOT_RECORDED);
    const provider = coverageTenant(store, request.query, request.headers["x-api-key"]);
    if (!provider) {
      const ids = store.providers.map((p) => p.providerId).join(", ");
      return reply.code(400).send({
        errorCode: "invalid-query",
        errorDescription: `name the tenant: ?providerId= one of ${ids}, or the tenant's key in the X-API-KEY header`,
        data: null,
      });
    }
    return coverage.report(provider.providerId, store.log);
  });
  app.get("/_sandbox/orders/:orderId/timeline", async (request, reply) => {
    if (!recording) return reply.code(404).send(NOT_RECORDED);
    const orderId = Number((request.params as { orderId: string }).orderId);
    const stored = store.orders.get(orderId);
    if (!stored) {
      return reply.code(404).send({
        errorCode: "not-found",
        errorDescription: `no order ${(request.params as { orderId: string }).orderId} in the sandbox (a reset seeds new orders)`,
        data: null,
      });
    }
    feed.catchUp();
    return { orderId, providerId: stored.providerId, status: stored.order.status, ...timelines.of(orderId) };
  });
  app.get(`${CONSOLE_PATH}/events`, async (_request, reply) => {
    reply.hijack();
    events.attach(reply.raw);
  });
  return [log, coverage, timelines];
}

/** The tenant `?providerId=` names, or else the one whose key the `X-API-KEY` header carries. */
function coverageTenant(store: SandboxStore, query: unknown, key: string | string[] | undefined) {
  const providerId = (query as { providerId?: string }).providerId;
  if (providerId !== undefined) return store.providers.find((provider) => String(provider.providerId) === providerId);
  return typeof key === "string" ? store.providerForKey(key) : undefined;
}
