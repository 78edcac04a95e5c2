import type { Persistable } from "../persist";

/** What the console shows of one vendor-API request. Bodies are kept only in the full entry. */
export interface RequestSummary {
  seq: number;
  /** When the request ended, in ms since the epoch. */
  at: number;
  providerId: number | null;
  method: string;
  path: string;
  /** The HTTP status, or `"dropped"` when the connection closed without an answer. */
  status: number | "dropped";
  latencyMs: number;
  /** The fault injected into this request, e.g. `"503"` or `"drop (after applying)"`. */
  fault: string | null;
  /** `ok`, or why the request breaks the spec's rules (as the sandbox's validation found). */
  requestVerdict: string;
  /** `ok`, or why the answer is not one the spec declares for the operation. */
  responseVerdict: string;
  /** An error answer's `errorDescription`: for a 409, the flow's reason for refusing the transition. */
  reason: string | null;
  /** The order the path names (`/v1/fulfillment/orders/{orderId}…`), else null. */
  orderId: number | null;
  /** The change this request made, also when it was applied after the client stopped waiting. */
  transition: AppliedTransition | null;
  /**
   * Transition requests only: `made: new --process--> inprocess`, `refused: <the flow's reason>`
   * or `not applied: …` (the request never reached the flow, or has not yet, e.g. a slow apply).
   */
  transitionVerdict: string | null;
}

export interface AppliedTransition {
  from: string;
  action: string;
  to: string;
}

/**
 * Only the newest this many requests keep their bodies: a body kept longer outlives the young
 * generation of the garbage collector, and copying list pages into the old one cost the sandbox a
 * third of its throughput (bench/console.ts). The summaries stay for the whole ring.
 */
export const BODIES_KEPT = 100;

/**
 * A successful GET's response body is kept only up to this many characters (one order is about
 * 3 000): a page of a list is what GET returns again, and copying every page cost the sandbox a
 * quarter of its list throughput. Errors and the answers to writes are always kept.
 */
export const GET_BODY_CHARS_KEPT = 8_192;

export interface RequestEntry extends RequestSummary {
  /** The `X-API-KEY` sent, masked. */
  maskedKey: string | null;
  /** The request's JSON body, any copy of the key in it masked. */
  requestBody: string | null;
  /** The response body, unless it was a successful GET's longer than GET_BODY_CHARS_KEPT. */
  responseBody: string | null;
  /** The response body's length in characters, kept or not. */
  responseLength: number;
  /** True once the entry is older than the newest BODIES_KEPT requests and its bodies were let go. */
  bodiesDropped: boolean;
}

/** The texts of an entry that are made when it is first read, not when it is recorded. */
export type EntryTexts = Pick<RequestEntry, "path" | "requestVerdict" | "responseVerdict" | "requestBody">;

/**
 * What an entry's texts are made from. Most entries are overwritten unread, and making the texts
 * (the operation the path names, the verdicts, the body as JSON, keys masked) cost as much as the
 * rest of recording a request together (bench/console.ts).
 */
export interface PendingTexts {
  /** The texts, from what was kept and the entry's own fields (its status, fault, reason…). */
  make(entry: RequestEntry): EntryTexts;
  /** The entry's bodies were let go (BODIES_KEPT): the request's must not be kept here either. */
  forgetBody(): void;
}

const PENDING: unique symbol = Symbol("pending texts");
type Recorded = RequestEntry & { [PENDING]?: PendingTexts | undefined };

/**
 * An entry whose texts are made on its first read (`settle`); until then they are empty. Every
 * field is in the one literal, in one order: each entry is then one object of one shape, not one
 * grown field by field (which costs an allocation and a shape change for each field added).
 */
export function pendingEntry(
  fields: Omit<RequestEntry, "seq" | "bodiesDropped" | keyof EntryTexts>,
  texts: PendingTexts,
): Omit<RequestEntry, "seq"> {
  const entry: Recorded = {
    seq: 0,
    at: fields.at,
    providerId: fields.providerId,
    method: fields.method,
    path: "",
    status: fields.status,
    latencyMs: fields.latencyMs,
    fault: fields.fault,
    requestVerdict: "",
    responseVerdict: "",
    reason: fields.reason,
    orderId: fields.orderId,
    transition: fields.transition,
    transitionVerdict: fields.transitionVerdict,
    maskedKey: fields.maskedKey,
    requestBody: null,
    responseBody: fields.responseBody,
    responseLength: fields.responseLength,
    bodiesDropped: false,
    [PENDING]: texts,
  };
  return entry;
}

/** The entry, its texts made once if they were pending: every way out of the log and the timelines goes through here. */
export function settle<T extends object>(entry: T): T {
  const recorded = entry as T & { [PENDING]?: PendingTexts | undefined };
  const pending = recorded[PENDING];
  if (pending) {
    recorded[PENDING] = undefined;
    Object.assign(entry, pending.make(entry as unknown as RequestEntry));
  }
  return entry;
}

/**
 * The newest `capacity` requests, oldest overwritten first: the sandbox's memory stays flat
 * however long it runs. `dropped` counts what was overwritten, so a cut is never silent.
 */
export class RequestLog implements Persistable {
  readonly stateKey = "request-log";
  private readonly ring: (RequestEntry | undefined)[];
  private recorded = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`requestLogSize must be a positive integer (got ${capacity})`);
    }
    this.ring = new Array(capacity);
  }

  /** Every request recorded since the start or the last clear. */
  get total(): number {
    return this.recorded;
  }

  get dropped(): number {
    return Math.max(0, this.recorded - this.capacity);
  }

  add(fields: Omit<RequestEntry, "seq">): RequestEntry {
    const entry = fields as RequestEntry;
    entry.seq = this.recorded + 1;
    this.ring[this.recorded % this.capacity] = entry;
    this.recorded++;
    const aged = this.kept(this.recorded - BODIES_KEPT);
    if (aged && !aged.bodiesDropped) {
      (aged as Recorded)[PENDING]?.forgetBody();
      aged.requestBody = null;
      aged.responseBody = null;
      aged.bodiesDropped = true;
    }
    return entry;
  }

  /** Newest first, at most `limit`, only those after `afterSeq` when given. */
  newest(limit: number, afterSeq = 0): RequestEntry[] {
    const out: RequestEntry[] = [];
    const oldest = Math.max(afterSeq, this.recorded - this.capacity);
    for (let seq = this.recorded; seq > oldest && out.length < limit; seq--) {
      const entry = this.ring[(seq - 1) % this.capacity];
      if (entry) out.push(settle(entry));
    }
    return out;
  }

  get(seq: number): RequestEntry | undefined {
    const entry = this.kept(seq);
    return entry && settle(entry);
  }

  /** The entry as kept, its texts perhaps still pending. */
  private kept(seq: number): RequestEntry | undefined {
    if (seq < 1 || seq > this.recorded || seq <= this.recorded - this.capacity) return undefined;
    return this.ring[(seq - 1) % this.capacity];
  }

  clear(): void {
    this.ring.fill(undefined);
    this.recorded = 0;
  }

  /** The count and the kept entries, oldest first; keys only masked, as they were recorded. */
  saveState(): SavedRequestLog {
    return { total: this.recorded, entries: this.newest(this.capacity).reverse() };
  }

  /** The saved entries go back under their own `seq`; a smaller log than the saved one keeps the newest. */
  loadState(saved: unknown): void {
    if (!isSavedRequestLog(saved)) {
      throw new Error("request-log: the saved state is not { total, entries: [{ seq, … }] } with seqs up to total");
    }
    this.clear();
    this.recorded = saved.total;
    for (const entry of saved.entries) {
      if (entry.seq > saved.total - this.capacity) this.ring[(entry.seq - 1) % this.capacity] = { ...entry };
    }
  }
}

interface SavedRequestLog {
  total: number;
  entries: RequestEntry[];
}

function isSavedRequestLog(saved: unknown): saved is SavedRequestLog {
  const { total, entries } = (saved ?? {}) as Partial<SavedRequestLog>;
  return (
    Number.isInteger(total) &&
    Array.isArray(entries) &&
    entries.every((entry) => Number.isInteger(entry?.seq) && entry.seq >= 1 && entry.seq <= (total as number))
  );
}

export const summarize = (entry: RequestEntry): RequestSummary => summaryOf(settle(entry));

const summaryOf = ({
  maskedKey: _k,
  requestBody: _q,
  responseBody: _r,
  responseLength: _l,
  bodiesDropped: _d,
  ...summary
}: RequestEntry) => summary as RequestSummary;

/** How many paths `ResponseBodies` remembers the last successful GET answer of; past that it starts over. */
const PATHS_REMEMBERED = 256;

/**
 * The body to keep of each response, and its length. A successful GET's is not kept past
 * GET_BODY_CHARS_KEPT; one answered with the same text as the last GET of its path (polling an
 * order that has not changed) keeps that earlier text, not a second copy: kept bodies outlive the
 * young generation of the garbage collector, and copying a new one for each poll cost GET one a
 * tenth of its throughput (bench/console.ts).
 */
export class ResponseBodies {
  private readonly lastGetByPath = new Map<string, string>();

  keep(
    method: string,
    path: string,
    status: number | "dropped",
    body: string | null,
  ): { responseBody: string | null; responseLength: number } {
    const responseLength = body?.length ?? 0;
    const successfulGet = method === "GET" && typeof status === "number" && status < 300;
    if (!successfulGet || body === null) return { responseBody: body, responseLength };
    if (responseLength > GET_BODY_CHARS_KEPT) return { responseBody: null, responseLength };
    const last = this.lastGetByPath.get(path);
    if (last !== undefined && last.length === responseLength && last === body) {
      return { responseBody: last, responseLength };
    }
    if (this.lastGetByPath.size >= PATHS_REMEMBERED) this.lastGetByPath.clear();
    this.lastGetByPath.set(path, body);
    return { responseBody: body, responseLength };
  }
}
