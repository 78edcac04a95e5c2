import type { Persistable } from "../persist";
import { type AppliedTransition, type RequestSummary, reuseSlot, Slot } from "./request-log";

/** One request that named an order, as its timeline shows it. */
export interface TimelineEvent {
  /** The request's `seq` in the request log; null for a `/_sandbox/orders/{id}/…` control (the customer's side). */
  seq: number | null;
  at: number;
  method: string;
  path: string;
  status: number | "dropped";
  fault: string | null;
  requestVerdict: string;
  responseVerdict: string;
  transition: RequestSummary["transition"];
  transitionVerdict: string | null;
  /** A refusal's (or any error answer's) `errorDescription`. */
  reason: string | null;
}

export interface OrderTimeline {
  /** Older events no longer kept for this order (see TIMELINE_CAP). */
  dropped: number;
  /** Oldest first. */
  events: TimelineEvent[];
}

/** How many events each order's timeline keeps; memory is bounded by orders × this. */
export const TIMELINE_CAP = 200;

/** An order's newest events in a ring of slots, written over in place (see Slot). */
interface Ring {
  slots: Slot[];
  /** Every event the order has had since the start or the last clear. */
  recorded: number;
}

/**
 * Every request that named an order, per order, apart from the request log's ring: a busy
 * sandbox overwrites the log long before an order's story is over. Each order keeps its newest
 * `cap` events; what it let go is counted, never cut silently.
 */
export class Timelines implements Persistable {
  readonly stateKey = "timelines";
  private readonly orders = new Map<number, Ring>();

  constructor(readonly cap = TIMELINE_CAP) {
    if (!Number.isInteger(cap) || cap < 1) throw new Error(`the timeline cap must be a positive integer (got ${cap})`);
  }

  /**
   * The event, copied into the order's ring. A request-log slot whose texts are still pending
   * brings their sources along (not its bodies): the log may overwrite it before the timeline is read.
   */
  add(orderId: number, event: TimelineEvent | Slot): void {
    let ring = this.orders.get(orderId);
    if (!ring) {
      ring = { slots: [], recorded: 0 };
      this.orders.set(orderId, ring);
    }
    const slot = reuseSlot(ring.slots, ring.recorded++ % this.cap, event.seq);
    slot.at = event.at;
    slot.method = event.method;
    slot.path = event.path;
    slot.status = event.status;
    slot.fault = event.fault;
    slot.requestVerdict = event.requestVerdict;
    slot.responseVerdict = event.responseVerdict;
    slot.transition = event.transition;
    slot.transitionVerdict = event.transitionVerdict;
    slot.reason = event.reason;
    slot.bodiesDropped = true;
    if (event instanceof Slot && event.maker) {
      slot.url = event.url;
      slot.violation = event.violation;
      slot.nearMiss = event.nearMiss;
      slot.apiKey = event.apiKey;
      slot.maker = event.maker;
    }
  }

  /** A change that came after the event was recorded (see RequestLog.amend). */
  amend(orderId: number, seq: number, transition: AppliedTransition | null, transitionVerdict: string): void {
    for (const slot of this.orders.get(orderId)?.slots ?? [])
      if (slot.seq === seq) slot.amend(transition, transitionVerdict);
  }

  of(orderId: number): OrderTimeline {
    const ring = this.orders.get(orderId);
    if (!ring) return { dropped: 0, events: [] };
    const first = Math.max(0, ring.recorded - this.cap);
    const events: TimelineEvent[] = [];
    for (let n = first; n < ring.recorded; n++) events.push(eventOf(ring.slots[n % this.cap] as Slot));
    return { dropped: first, events };
  }

  /** How many orders have a timeline. */
  get size(): number {
    return this.orders.size;
  }

  clear(): void {
    this.orders.clear();
  }

  saveState(): SavedTimelines {
    return { orders: [...this.orders.keys()].map((orderId) => ({ orderId, ...this.of(orderId) })) };
  }

  loadState(saved: unknown): void {
    if (!isSavedTimelines(saved))
      throw new Error("timelines: the saved state is not { orders: [{ orderId, dropped, events }] }");
    this.orders.clear();
    for (const { orderId, dropped, events } of saved.orders) {
      const kept = events.slice(-this.cap);
      this.orders.set(orderId, { slots: [], recorded: dropped + events.length - kept.length });
      for (const event of kept) this.add(orderId, event);
    }
  }
}

interface SavedTimelines {
  orders: ({ orderId: number } & OrderTimeline)[];
}

function isSavedTimelines(saved: unknown): saved is SavedTimelines {
  const orders = (saved as Partial<SavedTimelines> | null)?.orders;
  return (
    Array.isArray(orders) &&
    orders.every(
      (order) => Number.isInteger(order?.orderId) && Number.isInteger(order?.dropped) && Array.isArray(order?.events),
    )
  );
}

/** A plain copy of the slot's event, its texts made: a log entry's bodies and masked key stay out. */
function eventOf(slot: Slot): TimelineEvent {
  const s = slot.settle();
  return {
    seq: s.seq,
    at: s.at,
    method: s.method,
    path: s.path,
    status: s.status,
    fault: s.fault,
    requestVerdict: s.requestVerdict,
    responseVerdict: s.responseVerdict,
    transition: s.transition,
    transitionVerdict: s.transitionVerdict,
    reason: s.reason,
  };
}
