/**
 * The worker's policy: what `fulfill run` does with an order. The provider's routine (which allowed
 * action a provider takes, and where each kind of order ends) is @fulfillkit/transitions'
 * `nextProviderStep` / `providerRoute`; this file only adds what the app says to the person running it.
 */
import type { FulfillmentAction } from "@fulfillkit/core";
import { nextProviderStep, type OrderFacts, providerRoute } from "@fulfillkit/transitions";

/** What to do with an order now (the worker's and `fulfill orders advance`'s shared shape). */
export type Decision = { kind: "act"; action: FulfillmentAction } | { kind: "wait"; reason: string } | { kind: "done" };

/** The routine's next step; an order no routine step fits is left to `fulfill orders advance`, and the reason says so. */
export function nextStep(order: OrderFacts): Decision {
  const step = nextProviderStep(order);
  if (step.kind === "wait" && step.waitsFor === "manual-decision") {
    return { kind: "wait", reason: `${step.reason}; move it with \`fulfill orders advance\`` };
  }
  return step;
}

/** The actions `fulfill run` would take on `order` from here, and where it would stop (and why, if it waits). */
export const preview = providerRoute;
