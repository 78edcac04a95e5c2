import type { Persistable } from "../persist";
import type { Violation } from "../validation";

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

/** The parts of a request an entry's texts are made from; kept in the entry until its first read. */
export interface TextSources {
  url: string;
  /** The parsed request body; let go with the entry's bodies (BODIES_KEPT). */
  body: unknown;
  violation: Violation | undefined;
  nearMiss: readonly string[] | undefined;
  /** The tenant's own key (or the one sent, unknown): what the texts mask. */
  apiKey: string | undefined;
}

/**
 * Makes an entry's texts from its sources and its own fields (status, fault, reason…). Most
 * entries are overwritten unread, and making the texts (the operation the path names, the
 * verdicts, the body as JSON, keys masked) cost as much as the rest of recording a request
 * together (bench/console.ts).
 */
export interface TextMaker {
  make(entry: Readonly<Omit<RequestEntry, "seq">>, sources: Readonly<TextSources>): EntryTexts;
}

/**
 * One place in the log's ring (or in an order's timeline), written over in place by each request
 * it records. Entries made anew for every request outlived the young generation of the garbage
 * collector (a ring keeps 1,000) and died in the old one; that, more than the recording's own
 * work, was what the console cost the sandbox (bench/console.ts). A slot never leaves its ring:
 * readers get a plain copy (`entryOf`, `eventOf`), its texts made first.
 */
export class Slot implements Omit<RequestEntry, "seq">, TextSources {
  /** The request log's number; null for a timeline's control event (the customer's side). */
  seq: number | null = 0;
  at = 0;
  providerId: number | null = null;
  method = "";
  path = "";
  status: number | "dropped" = 0;
  latencyMs = 0;
  fault: string | null = null;
  requestVerdict = "";
  responseVerdict = "";
  reason: string | null = null;
  orderId: number | null = null;
  transition: AppliedTransition | null = null;
  transitionVerdict: string | null = null;
  maskedKey: string | null = null;
  requestBody: string | null = null;
  responseBody: string | null = null;
  responseLength = 0;
  bodiesDropped = false;
  // Sources, while the texts are pending (maker set).
  url = "";
  body: unknown = undefined;
  violation: Violation | undefined = undefined;
  nearMiss: readonly string[] | undefined = undefined;
  apiKey: string | undefined = undefined;
  maker: TextMaker | null = null;

  /** Written over by the next request: nothing of the one before may show through. */
  reset(seq: number | null): this {
    this.seq = seq;
    this.at = 0;
    this.providerId = null;
    this.method = "";
    this.path = "";
    this.status = 0;
    this.latencyMs = 0;
    this.fault = null;
    this.requestVerdict = "";
    this.responseVerdict = "";
    this.reason = null;
    this.orderId = null;
    this.transition = null;
    this.transitionVerdict = null;
    this.maskedKey = null;
    this.requestBody = null;
    this.responseBody = null;
    this.responseLength = 0;
    this.bodiesDropped = false;
    this.forgetSources();
    return this;
  }

  /** The texts, made once if they were pending. */
  settle(): this {
    const maker = this.maker;
    if (maker) {
      const texts = maker.make(this, this);
      this.path = texts.path;
      this.requestVerdict = texts.requestVerdict;
      this.responseVerdict = texts.responseVerdict;
      this.requestBody = texts.requestBody;
      this.forgetSources();
    }
    return this;
  }

  /** A slot's own JSON is its entry's: the sources (the tenant's key among them) never leave it. */
  toJSON(): RequestEntry {
    return entryOf(this);
  }

  /** A change that came after the request was recorded (a transition applied after its client left). */
  amend(transition: AppliedTransition | null, transitionVerdict: string): void {
    if (transition) this.transition = transition;
    this.transitionVerdict = transitionVerdict;
  }

  /** The bodies go (BODIES_KEPT): the summary stays. */
  dropBodies(): void {
    this.body = undefined;
    this.requestBody = null;
    this.responseBody = null;
    this.bodiesDropped = true;
  }

  private forgetSources(): void {
    this.url = "";
    this.body = undefined;
    this.violation = undefined;
    this.nearMiss = undefined;
    this.apiKey = undefined;
    this.maker = null;
  }
}

/** The slot at `index` of a ring (made there on first use), emptied for the request `seq`. */
export function reuseSlot(slots: Slot[], index: number, seq: number | null): Slot {
  const slot = slots[index];
  if (slot) return slot.reset(seq);
  const made = new Slot().reset(seq);
  slots[index] = made;
  return made;
}

const ENTRY_FIELDS = [
  "at",
  "providerId",
  "method",
  "path",
  "status",
  "latencyMs",
  "fault",
  "requestVerdict",
  "responseVerdict",
  "reason",
  "orderId",
  "transition",
  "transitionVerdict",
  "maskedKey",
  "requestBody",
  "responseBody",
  "responseLength",
  "bodiesDropped",
] as const satisfies readonly (keyof RequestEntry)[];

/** A plain copy of a log slot's entry, its texts made. */
export function entryOf(slot: Slot): RequestEntry {
  const s = slot.settle();
  return {
    seq: s.seq ?? 0,
    at: s.at,
    providerId: s.providerId,
    method: s.method,
    path: s.path,
    status: s.status,
    latencyMs: s.latencyMs,
    fault: s.fault,
    requestVerdict: s.requestVerdict,
    responseVerdict: s.responseVerdict,
    reason: s.reason,
    orderId: s.orderId,
    transition: s.transition,
    transitionVerdict: s.transitionVerdict,
    maskedKey: s.maskedKey,
    requestBody: s.requestBody,
    responseBody: s.responseBody,
    responseLength: s.responseLength,
    bodiesDropped: s.bodiesDropped,
  };
}

/** The slot with the entry's fields written in (its own `seq` kept); fields missing stay empty. */
function fill(slot: Slot, fields: Partial<RequestEntry>): Slot {
  for (const key of ENTRY_FIELDS) {
    const value = fields[key];
    if (value !== undefined) (slot as unknown as Record<string, unknown>)[key] = value;
  }
  return slot;
}

/**
 * The newest `capacity` requests, oldest overwritten first: the sandbox's memory stays flat
 * however long it runs. `dropped` counts what was overwritten, so a cut is never silent.
 */
export class RequestLog implements Persistable {
  readonly stateKey = "request-log";
  private readonly ring: Slot[] = [];
  private recorded = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`requestLogSize must be a positive integer (got ${capacity})`);
    }
  }

  /** Every request recorded since the start or the last clear. */
  get total(): number {
    return this.recorded;
  }

  get dropped(): number {
    return Math.max(0, this.recorded - this.capacity);
  }

  /**
   * The slot of the next request, emptied and numbered, for the recorder to write in place. The
   * entry BODIES_KEPT requests older lets go of its bodies.
   */
  next(): Slot {
    const seq = ++this.recorded;
    const slot = reuseSlot(this.ring, (seq - 1) % this.capacity, seq);
    const aged = this.kept(seq - BODIES_KEPT);
    if (aged && !aged.bodiesDropped) aged.dropBodies();
    return slot;
  }

  /** A request whose texts are known already (a loaded or a test entry). */
  add(fields: Omit<RequestEntry, "seq">): RequestEntry {
    return entryOf(fill(this.next(), fields));
  }

  /** A change that came after the entry was recorded (a transition applied after its client left). */
  amend(seq: number, transition: AppliedTransition | null, transitionVerdict: string): void {
    this.kept(seq)?.amend(transition, transitionVerdict);
  }

  /** Newest first, at most `limit`, only those after `afterSeq` when given. */
  newest(limit: number, afterSeq = 0): RequestEntry[] {
    const out: RequestEntry[] = [];
    const oldest = Math.max(afterSeq, this.recorded - this.capacity);
    for (let seq = this.recorded; seq > oldest && out.length < limit; seq--) {
      const slot = this.kept(seq);
      if (slot) out.push(entryOf(slot));
    }
    return out;
  }

  get(seq: number): RequestEntry | undefined {
    const slot = this.kept(seq);
    return slot && entryOf(slot);
  }

  /** The slot holding `seq`, if the ring still has it (a loaded log may have holes). */
  private kept(seq: number): Slot | undefined {
    if (seq < 1 || seq > this.recorded || seq <= this.recorded - this.capacity) return undefined;
    const slot = this.ring[(seq - 1) % this.capacity];
    return slot?.seq === seq ? slot : undefined;
  }

  clear(): void {
    for (const slot of this.ring) slot.reset(0);
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
      if (entry.seq <= saved.total - this.capacity) continue;
      fill(reuseSlot(this.ring, (entry.seq - 1) % this.capacity, entry.seq), entry);
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

/** An entry without its bodies and masked key: what the log's list and the pushes show. */
export const summarize = ({
  maskedKey: _k,
  requestBody: _q,
  responseBody: _r,
  responseLength: _l,
  bodiesDropped: _d,
  ...summary
}: RequestEntry) => summary as RequestSummary;

/** How many texts `Interned` and `ResponseBodies` remember; past that they start over. */
const TEXTS_REMEMBERED = 256;

/**
 * One kept copy of each text seen lately (the paths requests name): an entry keeps its request's
 * path until it is overwritten, and a new copy for each request would outlive the young
 * generation like the entries did (see Slot); a repeated path keeps the first copy instead.
 */
export class Interned {
  private readonly texts = new Map<string, string>();

  of(text: string): string {
    const kept = this.texts.get(text);
    if (kept !== undefined) return kept;
    if (this.texts.size >= TEXTS_REMEMBERED) this.texts.clear();
    this.texts.set(text, text);
    return text;
  }
}

/**
 * The body to keep of a response. A successful GET's is not kept past GET_BODY_CHARS_KEPT; one
 * answered with the same text as the last GET of its path (polling an order that has not changed)
 * keeps that earlier text, not a second copy: kept bodies outlive the young generation of the
 * garbage collector, and copying a new one for each poll cost GET one a tenth of its throughput
 * (bench/console.ts).
 */
export class ResponseBodies {
  private readonly lastGetByPath = new Map<string, string>();

  keep(method: string, path: string, status: number | "dropped", body: string | null): string | null {
    const successfulGet = method === "GET" && typeof status === "number" && status < 300;
    if (!successfulGet || body === null) return body;
    if (body.length > GET_BODY_CHARS_KEPT) return null;
    const last = this.lastGetByPath.get(path);
    if (last !== undefined && last.length === body.length && last === body) return last;
    if (this.lastGetByPath.size >= TEXTS_REMEMBERED) this.lastGetByPath.clear();
    this.lastGetByPath.set(path, body);
    return body;
  }
}
