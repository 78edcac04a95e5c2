import { FaultInjector } from "./faults";
import { RequestTracker } from "./requests";
import { OrderFactory, PROVIDERS, seedOrders } from "./seed";
import type { LoadedSpec } from "./spec";
import { SandboxStore } from "./store";

/** Everything the route modules share: the orders, the faults, the request counts, the spec. */
export class SandboxContext {
  readonly store = new SandboxStore(PROVIDERS);
  readonly faults = new FaultInjector();
  readonly requests = new RequestTracker();
  /** Makes the orders created through `/_sandbox/orders` (seeded apart from the seed orders). */
  factory: OrderFactory;
  /** The seed and order count the current orders were seeded with. */
  seed: number;
  seededOrders: number;

  constructor(
    readonly spec: LoadedSpec,
    /** What the sandbox was started with; a reset without a body returns to it. */
    readonly defaults: { seed: number; orders: number },
  ) {
    this.seed = defaults.seed;
    this.seededOrders = defaults.orders;
    this.factory = new OrderFactory(defaults.seed + 1_000_000);
    this.store.replaceAll(seedOrders(defaults));
  }

  /** New orders from `seed`, an empty log, no faults, no counts: the state of a fresh start. */
  reset(seed = this.defaults.seed, orders = this.defaults.orders): void {
    this.continueFrom(seed, orders);
    this.store.replaceAll(seedOrders({ seed, orders }));
    this.faults.reset();
    this.requests.reset();
  }

  /** Takes over the seeding of a state restored from a file (its orders are loaded apart). */
  continueFrom(seed: number, seededOrders: number): void {
    this.seed = seed;
    this.seededOrders = seededOrders;
    this.factory = new OrderFactory(seed + 1_000_000);
  }
}
