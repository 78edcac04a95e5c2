import type { Persistable } from "../persist";
import { type RequestSummary, settle } from "./request-log";

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

interface Kept {
  /** The request log's own entries (a reference, no copy), or the controls' events. */
  events: TimelineEvent[];
  dropped: number;
}

/**
 * Every request that named an order, per order, apart from the request log's ring: a busy
 * sandbox overwrites the log long before an order's story is over. Each order keeps its newest
 * `cap` events; what it let go is counted, never cut silently.
 */
export class Timelines implements Persistable {
  readonly stateKey = "timelines";
  private readonly orders = new Map<number, Kept>();

  constructor(readonly cap = TIMELINE_CAP) {
    if (!Number.isInteger(cap) || cap < 1) throw new Error(`the timeline cap must be a positive integer (got ${cap})`);
  }

  add(orderId: number, event: TimelineEvent): void {
    let kept = this.orders.get(orderId);
    if (!kept) {
      kept = { events: [], dropped: 0 };
      this.orders.set(orderId, kept);
    }
    kept.events.push(event);
    // Cut in halves, not one by one: each event then costs O(1) however full the timeline is.
    if (kept.events.length >= 2 * this.cap) {
      const cut = kept.events.length - this.cap;
      kept.events.splice(0, cut);
      kept.dropped += cut;
    }
  }

  of(orderId: number): OrderTimeline {
    const kept = this.orders.get(orderId);
    if (!kept) return { dropped: 0, events: [] };
    const over = Math.max(0, kept.events.length - this.cap);
    return { dropped: kept.dropped + over, events: kept.events.slice(over).map((event) => eventOf(settle(event))) };
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
    for (const { orderId, dropped, events } of saved.orders) this.orders.set(orderId, { dropped, events: [...events] });
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

/** The event's fields only: a request-log entry also holds its bodies and masked key, which stay out. */
const eventOf = ({
  seq,
  at,
  method,
  path,
  status,
  fault,
  requestVerdict,
  responseVerdict,
  transition,
  transitionVerdict,
  reason,
}: TimelineEvent): TimelineEvent => ({
  seq,
  at,
  method,
  path,
  status,
  fault,
  requestVerdict,
  responseVerdict,
  transition,
  transitionVerdict,
  reason,
});
