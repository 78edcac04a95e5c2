/** Fault injection for the vendor API routes (never for `/_sandbox/`). Rates are 0–1. */
export interface FaultSettings {
  rate503: number;
  rate429: number;
  rateDrop: number;
  latencyMs: number;
  retryAfterSeconds: number;
  seed: number;
}

export const NO_FAULTS: FaultSettings = {
  rate503: 0,
  rate429: 0,
  rateDrop: 0,
  latencyMs: 0,
  retryAfterSeconds: 1,
  seed: 1,
};

export type Fault = { kind: "none" } | { kind: "503" } | { kind: "429" } | { kind: "drop"; afterApplying: boolean };

/** mulberry32: a small seeded generator, so that a fault run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  settings: FaultSettings = { ...NO_FAULTS };
  private next = random(NO_FAULTS.seed);

  configure(update: Partial<FaultSettings>): FaultSettings {
    for (const key of ["rate503", "rate429", "rateDrop"] as const) {
      const rate = update[key];
      if (rate !== undefined && (typeof rate !== "number" || rate < 0 || rate > 1)) {
        throw new Error(`${key} must be a number from 0 to 1`);
      }
    }
    for (const key of ["latencyMs", "retryAfterSeconds", "seed"] as const) {
      const value = update[key];
      if (value !== undefined && (typeof value !== "number" || value < 0 || !Number.isFinite(value))) {
        throw new Error(`${key} must be a non-negative number`);
      }
    }
    this.settings = { ...this.settings, ...update };
    this.next = random(this.settings.seed);
    return this.settings;
  }

  /**
   * Draws the fault for one request. 503 and 429 are answered before anything is handled; a
   * dropped connection comes, for a mutating request, half of the time before and half of the
   * time after the change was applied (the "outcome unknown" case); for a GET, before.
   */
  draw(mutating: boolean): Fault {
    const { rate503, rate429, rateDrop } = this.settings;
    const roll = this.next();
    if (roll < rate503) return { kind: "503" };
    if (roll < rate503 + rate429) return { kind: "429" };
    if (roll < rate503 + rate429 + rateDrop) return { kind: "drop", afterApplying: mutating && this.next() < 0.5 };
    return { kind: "none" };
  }
}
