/**
 * The sandbox's own controls (`/_sandbox/…`, not part of the vendor's API), over HTTP: what tests,
 * benchmarks and `pnpm demo` use to seed, fault and inspect a running sandbox, in or out of process.
 */
import type { FulfillmentOrder, FulfillmentStatus } from "@fulfillkit/core";
import type { FaultLabel, FaultSettings } from "../faults";
import type { TransitionLogEntry } from "../store";

/** One vendor-API request that a fault hit. */
export interface FaultedRequest {
  requestId: number;
  method: string;
  url: string;
  fault: FaultLabel;
}

/** An answer with a status the spec does not declare for its operation (a sandbox bug; faults aside). */
export interface UndeclaredAnswer {
  requestId: number;
  method: string;
  url: string;
  status: number;
}

/**
 * Vendor-API requests received since the start or the last reset: in total, per "METHOD route",
 * per fault, and the requests a fault hit (the first 10,000), by the id each answer carries in
 * `x-sandbox-request-id` and each `/_sandbox/log` entry in `requestId`.
 */
export interface RequestCounts {
  total: number;
  byRoute: Record<string, number>;
  byFault: Partial<Record<FaultLabel, number>>;
  faulted: FaultedRequest[];
  /** Answers whose status the spec does not declare for the operation, faults and 413/415 aside: none, unless the sandbox has a bug. */
  undeclared: UndeclaredAnswer[];
}

export interface SandboxControl {
  /** Creates an order (status `new` unless given) for provider 1 unless `providerId` says otherwise. */
  createOrder(facts: Partial<FulfillmentOrder> & { providerId?: number }): Promise<FulfillmentOrder>;
  /** Plays the customer: asks for delivery of a preorder waiting in ready-for-delivery. */
  requestDelivery(orderId: number): Promise<{ orderId: number; from: FulfillmentStatus; to: FulfillmentStatus }>;
  /** Seeds again (the start's seed and count unless given), every fault setting and count back to its default. */
  reset(options?: { seed?: number; orders?: number }): Promise<{ seed: number; orders: number }>;
  setFaults(faults: Partial<FaultSettings>): Promise<FaultSettings>;
  /** Every transition applied, in order. */
  log(): Promise<TransitionLogEntry[]>;
  requests(): Promise<RequestCounts>;
  /** Orders per status, of one provider or of all. */
  stats(providerId?: number): Promise<{ total: number; byStatus: Record<FulfillmentStatus, number> }>;
}

/** `token`: the one `pnpm sandbox` printed, when the sandbox listens beyond loopback. */
export function sandboxControl(baseUrl: string, { token }: { token?: string } = {}): SandboxControl {
  async function call<T>(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = token ? { "x-sandbox-token": token } : {};
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${baseUrl}/_sandbox${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} /_sandbox${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
  return {
    createOrder: (facts) => call("POST", "/orders", facts),
    requestDelivery: (orderId) => call("POST", `/orders/${orderId}/request-delivery`),
    reset: (options = {}) => call("POST", "/reset", options),
    setFaults: (faults) => call("PUT", "/faults", faults),
    log: () => call("GET", "/log"),
    requests: () => call("GET", "/requests"),
    stats: (providerId) => call("GET", providerId === undefined ? "/stats" : `/stats?providerId=${providerId}`),
  };
}
