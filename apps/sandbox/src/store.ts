import type { FulfillmentAction, FulfillmentOrder, FulfillmentStatus } from "@fulfillkit/core";
import { checkCustomerDeliveryRequest, checkTransition, type RefusalCode } from "@fulfillkit/transitions";
import type { FaultLabel } from "./faults";
import type { Persistable } from "./persist";

export interface Provider {
  providerId: number;
  providerName: string;
  apiKey: string;
}

export interface StoredOrder {
  providerId: number;
  order: FulfillmentOrder;
  /** Stored on `complete` (the API's order has no field for it; `/_sandbox/log` shows it). */
  activationDate?: string;
}

export interface TransitionLogEntry {
  seq: number;
  at: string;
  orderId: number;
  providerId: number;
  action: FulfillmentAction | "customerRequestDelivery";
  from: FulfillmentStatus;
  to: FulfillmentStatus;
  activationDate?: string;
  /** The vendor-API request that applied it (`x-sandbox-request-id`); absent for the customer's side. */
  requestId?: number;
  /** The fault injected into that request, if any: its answer was late, a 504 or never came. */
  fault?: FaultLabel;
}

/** Which request a change came from, and the fault injected into it. */
export interface RequestOrigin {
  requestId: number;
  fault?: FaultLabel;
}

export type TransitionOutcome =
  | { ok: true; from: FulfillmentStatus; to: FulfillmentStatus }
  | { ok: false; code: RefusalCode; reason: string };

/** The store as the state file keeps it: the orders and the transition log, never the providers' keys. */
export interface SavedStore {
  orders: StoredOrder[];
  log: TransitionLogEntry[];
}

/**
 * In-memory state. Each change is one synchronous step (check, then apply), so two concurrent
 * transitions on one order cannot both pass the check: one wins, the other is refused.
 */
export class SandboxStore implements Persistable {
  readonly orders = new Map<number, StoredOrder>();
  readonly log: TransitionLogEntry[] = [];
  readonly stateKey = "orders";

  constructor(readonly providers: readonly Provider[]) {}

  saveState(): SavedStore {
    return { orders: [...this.orders.values()], log: this.log };
  }

  loadState(saved: unknown): void {
    const { orders, log } = (saved ?? {}) as Partial<SavedStore>;
    if (!Array.isArray(orders) || !Array.isArray(log)) throw new Error("expected { orders: [...], log: [...] }");
    const bad = orders.findIndex(
      (stored) => typeof stored?.providerId !== "number" || typeof stored.order?.id !== "number",
    );
    if (bad >= 0) throw new Error(`orders[${bad}] is not { providerId, order: { id, … } }`);
    this.replaceAll(orders);
    for (const entry of log) this.log.push(entry);
  }

  providerForKey(apiKey: string | undefined): Provider | undefined {
    return apiKey === undefined ? undefined : this.providers.find((provider) => provider.apiKey === apiKey);
  }

  replaceAll(orders: StoredOrder[]): void {
    this.orders.clear();
    this.log.length = 0;
    for (const stored of orders) this.orders.set(stored.order.id, stored);
  }

  add(stored: StoredOrder): void {
    this.orders.set(stored.order.id, stored);
  }

  nextId(): number {
    let max = 0;
    for (const id of this.orders.keys()) max = Math.max(max, id);
    return max + 1;
  }

  transition(
    stored: StoredOrder,
    action: FulfillmentAction,
    activationDate: string | null | undefined,
    origin?: RequestOrigin,
  ): TransitionOutcome {
    const { order } = stored;
    const result = checkTransition(order, activationDate == null ? { action } : { action, activationDate });
    if (!result.ok) return result;
    order.status = result.to;
    if (action === "complete" && activationDate != null) stored.activationDate = activationDate;
    this.record(
      stored,
      action,
      result.from,
      result.to,
      action === "complete" ? (activationDate ?? undefined) : undefined,
      origin,
    );
    return result;
  }

  /** The customer's side: a preorder ready for delivery is requested for shipment. */
  requestDelivery(stored: StoredOrder): TransitionOutcome {
    const result = checkCustomerDeliveryRequest(stored.order);
    if (!result.ok) return result;
    stored.order.status = result.to;
    this.record(stored, "customerRequestDelivery", result.from, result.to);
    return result;
  }

  private record(
    stored: StoredOrder,
    action: TransitionLogEntry["action"],
    from: FulfillmentStatus,
    to: FulfillmentStatus,
    activationDate?: string,
    origin?: RequestOrigin,
  ): void {
    this.log.push({
      seq: this.log.length + 1,
      at: new Date().toISOString(),
      orderId: stored.order.id,
      providerId: stored.providerId,
      action,
      from,
      to,
      ...(activationDate === undefined ? {} : { activationDate }),
      ...(origin === undefined ? {} : { requestId: origin.requestId }),
      ...(origin?.fault === undefined ? {} : { fault: origin.fault }),
    });
  }
}
