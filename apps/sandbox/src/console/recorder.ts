import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { maskKey, maskKeysIn, sentKey } from "../mask";
import type { SandboxStore } from "../store";
import { judge, type SpecOperations } from "./conformance";
import { type Coverage, TIMEOUT } from "./coverage";
import {
  type AppliedTransition,
  type EntryTexts,
  Interned,
  type RequestLog,
  ResponseBodies,
  type TextMaker,
  type TextSources,
} from "./request-log";
import type { Timelines } from "./timelines";
import { madeVerdict, type TransitionFeed } from "./transition-feed";

interface Trace {
  responseBody: string | null;
  /** The status the handler answered with, once the sandbox sends it (a drop after that is the sandbox's). */
  handledStatus: number | null;
  /** A transition request recorded before it was handled (its client left): its verdict comes late. */
  awaiting?: Late;
}

/** Where a late verdict goes: the request's log entry and its order's timeline event, while they are kept. */
interface Late {
  seq: number;
  orderId: number | null;
  /** The feed has handed over the change the request made. */
  made: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    consoleTrace: Trace | null;
  }
}

/** The request's body as JSON, any copy of the key in it masked. */
function maskedBody(body: unknown, apiKey: string | undefined, mask: string | null): string | null {
  if (body === undefined || body === null) return null;
  const text = JSON.stringify(body);
  return apiKey && mask && text.includes(apiKey) ? text.replaceAll(apiKey, mask) : text;
}

/** "drop (afterApplying)" from `{ kind: "drop", afterApplying: true }`; null for no fault. */
function describeFault(fault: FastifyRequest["fault"]): string | null {
  if (!fault || fault.kind === "none") return null;
  const details = Object.entries(fault)
    .filter(([key, value]) => key !== "kind" && value !== false && value !== undefined)
    .map(([key, value]) => (value === true ? key : `${key} ${String(value)}`));
  return details.length > 0 ? `${fault.kind} (${details.join(", ")})` : fault.kind;
}

/**
 * A fault that destroys the connection instead of answering. Node may still count the answer as
 * written (into the destroyed socket), but the client never got it.
 */
const droppedBySandbox = (fault: FastifyRequest["fault"]) =>
  fault?.kind === "drop" || (fault?.kind === "slow-apply" && fault.thenDrop);

interface ErrorFields {
  code?: string;
  description?: string;
}
const NO_ERROR: Readonly<ErrorFields> = Object.freeze({});

/** An error answer's `errorCode` and `errorDescription`, when it is an ErrorResponse. */
function errorOf(status: number, body: string | null): Readonly<ErrorFields> {
  if (status < 400 || !body) return NO_ERROR;
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

const VENDOR_ORDERS = "/v1/fulfillment/orders/";
const CONTROL_ORDERS = "/_sandbox/orders/";
const TRANSITION_PATH = /^\/v1\/fulfillment\/orders\/\d+\/transitions(?:\?|$)/;
const [ZERO, NINE, SLASH, QUERY] = ["0", "9", "/", "?"].map((char) => char.charCodeAt(0)) as [
  number,
  number,
  number,
  number,
];

/**
 * The order `{prefix}{orderId}` names when the id is followed by `/` (or, with `endOrQuery`, by
 * `?` or the end of the path), else null. Read by hand, not by a regular expression: it runs
 * for every request, and a match's array was a tenth of the cost of recording one.
 */
function orderIdIn(path: string, prefix: string, endOrQuery: boolean): number | null {
  if (!path.startsWith(prefix)) return null;
  let end = prefix.length;
  let id = 0;
  for (let char = path.charCodeAt(end); char >= ZERO && char <= NINE; char = path.charCodeAt(++end)) {
    id = id * 10 + (char - ZERO);
  }
  if (end === prefix.length) return null;
  const next = end < path.length ? path.charCodeAt(end) : -1;
  if (next !== SLASH && !(endOrQuery && (next === QUERY || next === -1))) return null;
  return id;
}

export interface Recorders {
  log: RequestLog;
  /** Null when the sandbox records no coverage and no timelines (`coverageAndTimelines: false`). */
  coverage: Coverage | null;
  timelines: Timelines | null;
  feed: TransitionFeed;
}

/**
 * Records every vendor-API request (`/v1/…`) into the log when its connection closes, answered
 * or dropped, and each one that names an order into that order's timeline, with the
 * `/_sandbox/orders/{id}/…` controls (the customer's side). Calls `onChange` when any request
 * that may have changed state (not a GET) ends.
 */
export function recordRequests(
  app: FastifyInstance,
  store: SandboxStore,
  spec: SpecOperations,
  { log, coverage, timelines, feed }: Recorders,
  onChange: () => void,
  onReset: () => void,
): void {
  const providerKeys = store.providers.map((provider) => provider.apiKey);
  const operations = { ...spec, providerKeys };
  const texts = textMaker(operations);
  const responseBodies = new ResponseBodies();
  const urls = new Interned();
  const maskedKeys = new Map<string, string>();
  const masked = (apiKey: string) => {
    let mask = maskedKeys.get(apiKey);
    if (mask === undefined) {
      mask = maskKey(apiKey);
      if (maskedKeys.size < 100) maskedKeys.set(apiKey, mask);
    }
    return mask;
  };
  // Declared up front, so every request object keeps one shape (a field added per request costs more).
  app.decorateRequest("consoleTrace", null);
  // Callback hooks, not async ones, and one close listener a request: they run on every request,
  // and the console must stay cheap.
  app.addHook("onRequest", (request, reply, done) => {
    if (!request.url.startsWith("/_sandbox")) {
      const trace: Trace = { responseBody: null, handledStatus: null };
      request.consoleTrace = trace;
      const changes = request.method !== "GET";
      // `on`, not `once`: a response closes once, and `once` costs a wrapper for each request.
      reply.raw.on("close", () => {
        record(request, reply, trace);
        if (changes) onChange();
      });
    } else if (request.method !== "GET") {
      reply.raw.once("close", onChange);
      if (request.url === "/_sandbox/reset") reply.raw.once("close", () => reply.statusCode === 200 && onReset());
      const orderId = orderIdIn(request.url, CONTROL_ORDERS, false);
      if (orderId !== null) {
        const trace: Trace = { responseBody: null, handledStatus: null };
        request.consoleTrace = trace;
        reply.raw.once("close", () => recordControl(request, reply.raw, trace, orderId));
      }
    }
    done();
  });
  app.addHook("onSend", (request, reply, payload, done) => {
    const trace = request.consoleTrace;
    if (trace) {
      // Before the vendor hooks' own onSend, which may turn the answer into a 504 or drop it.
      trace.handledStatus = reply.statusCode;
      if (typeof payload === "string") trace.responseBody = payload;
      if (trace.awaiting) settleLate(trace, trace.awaiting);
    }
    done(null, payload);
  });

  function record(request: FastifyRequest, reply: FastifyReply, trace: Trace): void {
    // Outside /v1/, only a request close to an operation is an integration's (a `/favicon.ico` is not).
    if (!request.url.startsWith("/v1/") && !request.nearMiss?.length) return;
    const raw = reply.raw;
    const status = raw.writableFinished && !droppedBySandbox(request.fault) ? raw.statusCode : "dropped";
    // The vendor hooks found the tenant already, unless the request never reached them (a 404, a 503…).
    const headerKey = request.provider ? undefined : sentKey(request.headers);
    const provider = request.provider ?? store.providerForKey(headerKey);
    // A tenant's own key string, not the header's copy of it: the entry keeps it until it is read.
    const apiKey = provider?.apiKey ?? headerKey;
    const fault = describeFault(request.fault);
    const faultKind = request.fault?.kind;
    const error = typeof status === "number" ? errorOf(status, trace.responseBody) : NO_ERROR;
    const reason = error.description;
    const providerId = provider?.providerId ?? null;
    // The client closed first, and no drop was injected: its own timeout (or abort).
    const clientLeft = status === "dropped" && trace.handledStatus === null && faultKind !== "drop";
    coverage?.note(providerId, status === 409 ? error.code : undefined, fault ? faultKind : undefined);
    if (clientLeft) coverage?.note(providerId, undefined, TIMEOUT);
    const isTransition = request.method === "POST" && TRANSITION_PATH.test(request.url);
    const requestId = request.sandboxRequestId;
    const transition = isTransition && requestId !== undefined ? feed.takeApplied(requestId) : null;
    const orderId = orderIdIn(request.url, VENDOR_ORDERS, true);
    // Written into the log's slot in place: an entry made per request outlived the young generation (see Slot).
    const entry = log.next();
    entry.at = Date.now();
    entry.providerId = providerId;
    entry.method = request.method;
    entry.status = status;
    // Fastify's own clock for the request, started when it arrived: no second one here.
    entry.latencyMs = Math.round(reply.elapsedTime * 10) / 10;
    entry.fault = fault;
    entry.reason = reason ?? null;
    entry.orderId = orderId;
    entry.transition = transition;
    entry.transitionVerdict = isTransition ? verdictOf(transition, trace, status, reason, clientLeft) : null;
    entry.maskedKey = apiKey === undefined ? null : masked(apiKey);
    entry.responseBody = responseBodies.keep(request.method, request.url, status, trace.responseBody);
    entry.responseLength = trace.responseBody?.length ?? 0;
    entry.url = urls.of(request.url);
    entry.body = request.body;
    entry.violation = request.specViolation;
    entry.nearMiss = request.nearMiss;
    entry.apiKey = apiKey;
    entry.maker = texts;
    const onTimeline = timelines !== null && orderId !== null && store.orders.has(orderId);
    if (onTimeline) timelines.add(orderId, entry);
    if (isTransition && clientLeft && !transition && requestId !== undefined) {
      const late: Late = { seq: entry.seq as number, orderId: onTimeline ? orderId : null, made: false };
      trace.awaiting = late;
      feed.awaitChange(requestId, (change) => {
        late.made = true;
        amend(late, change, madeVerdict(change));
      });
    }
  }

  function amend(late: Late, transition: AppliedTransition | null, verdict: string): void {
    log.amend(late.seq, transition, verdict);
    if (late.orderId !== null) timelines?.amend(late.orderId, late.seq, transition, verdict);
  }

  /** A request handled after its client left: a change it made reaches it through the feed; anything else, here. */
  function settleLate(trace: Trace, late: Late): void {
    feed.catchUp();
    if (late.made || trace.handledStatus === null) return;
    const reason = errorOf(trace.handledStatus, trace.responseBody).description;
    amend(late, null, verdictOf(null, trace, trace.handledStatus, reason, false));
  }

  function recordControl(request: FastifyRequest, raw: ServerResponse, trace: Trace, orderId: number): void {
    if (!timelines || !store.orders.has(orderId)) return;
    const status = raw.writableFinished ? raw.statusCode : "dropped";
    const transition = feed.takeCustomerChange(orderId);
    const reason = typeof status === "number" ? (errorOf(status, trace.responseBody).description ?? null) : null;
    timelines.add(orderId, {
      seq: null,
      at: Date.now(),
      method: request.method,
      path: request.url,
      status,
      fault: null,
      requestVerdict: "n/a (a sandbox control: the customer's side, not the vendor API)",
      responseVerdict: "n/a",
      transition,
      transitionVerdict: transition ? madeVerdict(transition) : status === 409 ? `refused: ${reason}` : null,
      reason,
    });
  }
}

/** A log entry's texts, from the sources its slot keeps until its first read (see TextMaker). */
function textMaker(operations: SpecOperations & { providerKeys: readonly string[] }): TextMaker {
  return {
    make({ method, status, fault, reason, maskedKey, bodiesDropped }, sources: Readonly<TextSources>): EntryTexts {
      const { declared, operationOf, providerKeys } = operations;
      const keys = [...providerKeys, sources.apiKey];
      const verdicts = judge(declared, {
        operation: operationOf(method, sources.url),
        status,
        fault,
        errorDescription: reason ?? undefined,
        violation: sources.violation,
        nearMiss: sources.nearMiss,
        apiKeys: keys,
      });
      return {
        path: maskKeysIn(sources.url, keys),
        ...verdicts,
        requestBody: bodiesDropped ? null : maskedBody(sources.body, sources.apiKey, maskedKey),
      };
    },
  };
}

/** What became of a transition request: made, refused by the flow, or never (yet) asked of it. */
function verdictOf(
  transition: AppliedTransition | null,
  trace: Trace,
  status: number | "dropped",
  reason: string | undefined,
  clientLeft: boolean,
): string {
  if (transition) return madeVerdict(transition);
  if (trace.handledStatus === 409) return `refused: ${errorOf(409, trace.responseBody).description ?? reason}`;
  if (clientLeft) return "not applied yet: the client left before the answer; a late change will show here";
  if (status === "dropped") return "not applied: the connection was dropped before the request was handled";
  return `not applied: answered ${status}${reason ? ` (${reason})` : ""}`;
}
