import type { SandboxStore, TransitionLogEntry } from "../store";
import type { AppliedTransition } from "./request-log";

/** At most this many changes or requests wait here to be matched; the oldest go first. */
const MAX_WAITING = 1_000;

/** Told the change a request made, once it lands. */
type Awaiting = (transition: AppliedTransition) => void;

export const madeVerdict = ({ from, action, to }: AppliedTransition) => `made: ${from} --${action}--> ${to}`;

const appliedOf = ({ from, action, to }: TransitionLogEntry): AppliedTransition => ({ from, action, to });

/**
 * Matches the changes in the store's transition log to the requests that made them, by the
 * request id each change carries. A change is usually in the log before its request ends; one
 * applied late (a slow apply the client gave up on) finds its request waiting here and is handed
 * to it. The log is read from where the feed last stopped, so each change costs one visit.
 */
export class TransitionFeed {
  private read = 0;
  /** Changes loaded from an earlier run (`--state`) belong to requests of that run, not this one's. */
  private readonly startedAt = new Date().toISOString();
  private readonly appliedByRequest = new Map<number, TransitionLogEntry>();
  private readonly customerChangeByOrder = new Map<number, TransitionLogEntry>();
  private readonly awaiting = new Map<number, Awaiting>();

  constructor(private readonly store: SandboxStore) {}

  catchUp(): void {
    const log = this.store.log;
    if (log.length < this.read) this.read = 0;
    while (this.read < log.length) {
      const change = log[this.read++];
      if (!change || change.at < this.startedAt) continue;
      if (change.requestId === undefined) {
        keep(this.customerChangeByOrder, change.orderId, change);
        continue;
      }
      const request = this.awaiting.get(change.requestId);
      if (request) {
        this.awaiting.delete(change.requestId);
        request(appliedOf(change));
      } else {
        keep(this.appliedByRequest, change.requestId, change);
      }
    }
  }

  /** The change the vendor-API request `requestId` has made, if any (taken: asked once). */
  takeApplied(requestId: number): AppliedTransition | null {
    return take(this, this.appliedByRequest, requestId);
  }

  /** The change the customer's side (a `/_sandbox/orders/{id}/…` control) has just made to the order. */
  takeCustomerChange(orderId: number): AppliedTransition | null {
    return take(this, this.customerChangeByOrder, orderId);
  }

  /** The request may still be applied (its client left first): its change, when it lands, goes to `onApplied`. */
  awaitChange(requestId: number, onApplied: Awaiting): void {
    keep(this.awaiting, requestId, onApplied);
  }

  /** After a reset: the log starts over, request ids too. */
  clear(): void {
    this.read = 0;
    this.appliedByRequest.clear();
    this.customerChangeByOrder.clear();
    this.awaiting.clear();
  }
}

function take(feed: TransitionFeed, map: Map<number, TransitionLogEntry>, key: number): AppliedTransition | null {
  feed.catchUp();
  const change = map.get(key);
  if (!change) return null;
  map.delete(key);
  return appliedOf(change);
}

function keep<T>(map: Map<number, T>, key: number, value: T): void {
  map.set(key, value);
  if (map.size > MAX_WAITING) map.delete(map.keys().next().value as number);
}
