import { compileBodyRule } from "./validation";

/** Fault injection for the vendor API routes (never for `/_sandbox/`). Rates are 0–1. */
export interface FaultSettings {
  rate503: number;
  rate429: number;
  rateDrop: number;
  /** The request is handled only after `slowApplyMs`: applied late, then answered or dropped. */
  rateSlowApply: number;
  /** The request is handled (a change is applied), then the answer is a 504. */
  rate504AfterApply: number;
  latencyMs: number;
  slowApplyMs: number;
  retryAfterSeconds: number;
  seed: number;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  rate503: 0,
  rate429: 0,
  rateDrop: 0,
  rateSlowApply: 0,
  rate504AfterApply: 0,
  latencyMs: 0,
  slowApplyMs: 2_000,
  retryAfterSeconds: 1,
  seed: 1,
});

const rate = { type: "number", minimum: 0, maximum: 1 };
const count = { type: "integer", minimum: 0, maximum: 600_000 };
/** The body of `PUT /_sandbox/faults`: every key optional, no other key. */
export const FAULT_SETTINGS_SCHEMA = {
  type: "object",
  properties: {
    rate503: rate,
    rate429: rate,
    rateDrop: rate,
    rateSlowApply: rate,
    rate504AfterApply: rate,
    latencyMs: count,
    slowApplyMs: count,
    retryAfterSeconds: count,
    seed: { type: "integer", minimum: 0, maximum: 4_294_967_295 },
  },
  additionalProperties: false,
} as const;
const RATES = ["rate503", "rate429", "rateDrop", "rateSlowApply", "rate504AfterApply"] as const;
const isFaultSettings = compileBodyRule(FAULT_SETTINGS_SCHEMA);

export type Fault =
  | { kind: "none" }
  | { kind: "503" }
  | { kind: "429" }
  | { kind: "drop"; afterApplying: boolean }
  | { kind: "slow-apply"; thenDrop: boolean }
  | { kind: "504-after-apply" };

/** How a fault is named in `/_sandbox/log`, `/_sandbox/requests` and the `x-sandbox-fault` header. */
export type FaultLabel =
  | "503"
  | "429"
  | "drop-before-apply"
  | "drop-after-apply"
  | "slow-apply"
  | "slow-apply-then-drop"
  | "504-after-apply";

export function faultLabel(fault: Fault): FaultLabel | undefined {
  switch (fault.kind) {
    case "none":
      return undefined;
    case "drop":
      return fault.afterApplying ? "drop-after-apply" : "drop-before-apply";
    case "slow-apply":
      return fault.thenDrop ? "slow-apply-then-drop" : "slow-apply";
    default:
      return fault.kind;
  }
}

export class FaultSettingsError extends Error {}

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

  /** Merges `update` into the settings and restarts the generator from the seed (a replay). */
  configure(update: Partial<FaultSettings>): FaultSettings {
    if (!isFaultSettings(update)) {
      const error = isFaultSettings.errors?.[0];
      const extra = (error?.params ?? {}) as { additionalProperty?: string };
      throw new FaultSettingsError(
        extra.additionalProperty === undefined
          ? `${error?.instancePath.slice(1)} ${error?.message}`
          : `${extra.additionalProperty} is not a fault setting; known: ${Object.keys(NO_FAULTS).join(", ")}`,
      );
    }
    const merged = { ...this.settings, ...update };
    const total = RATES.reduce((sum, key) => sum + merged[key], 0);
    if (total > 1) throw new FaultSettingsError(`${RATES.join(" + ")} must add up to at most 1 (got ${total})`);
    this.settings = merged;
    this.next = random(this.settings.seed);
    return this.settings;
  }

  /** Every setting back to its default, the generator too. */
  reset(): FaultSettings {
    this.settings = { ...NO_FAULTS };
    this.next = random(NO_FAULTS.seed);
    return this.settings;
  }

  /**
   * Draws the fault for one request. 503 and 429 are answered before anything is handled; a
   * dropped connection comes, for a mutating request, half of the time before and half of the
   * time after the change was applied (the "outcome unknown" case); for a GET, before. A slow
   * apply handles the request late and then answers, or half of the time drops; a 504 after
   * apply handles it and answers 504.
   */
  draw(mutating: boolean): Fault {
    const roll = this.next();
    let threshold = 0;
    for (const key of RATES) {
      threshold += this.settings[key];
      if (roll < threshold) return this.fault(key, mutating);
    }
    return { kind: "none" };
  }

  private fault(rate: (typeof RATES)[number], mutating: boolean): Fault {
    switch (rate) {
      case "rate503":
        return { kind: "503" };
      case "rate429":
        return { kind: "429" };
      case "rateDrop":
        return { kind: "drop", afterApplying: mutating && this.next() < 0.5 };
      case "rateSlowApply":
        return { kind: "slow-apply", thenDrop: this.next() < 0.5 };
      case "rate504AfterApply":
        return { kind: "504-after-apply" };
    }
  }
}
