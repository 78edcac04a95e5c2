import type { FulfillmentTransition } from "@fulfillkit/core";
import { ACTIVATION_DATE_ACTION, KNOWN_ACTIONS } from "./flow";
import type { RefusalCode } from "./refusal";

type BodyRefusal = { ok: false; code: RefusalCode; reason: string; field?: string };
export type BodyValidation = { ok: true; value: FulfillmentTransition } | BodyRefusal;

// OpenAPI's `date-time` (RFC 3339): a date, a time and a zone.
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

export const isDateTime = (value: string): boolean => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));

const refuseBody = (code: RefusalCode, reason: string, field?: string): BodyRefusal =>
  field === undefined ? { ok: false, code, reason } : { ok: false, code, reason, field };

/** The request body rules of `POST /v1/fulfillment/orders/{orderId}/transitions`. */
export function validateTransitionBody(body: unknown): BodyValidation {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return refuseBody("invalid-body", "the transition body must be an object like { action }");
  }
  const { action, activationDate, ...rest } = body as Record<string, unknown>;
  const [extra] = Object.keys(rest);
  if (extra !== undefined) {
    return refuseBody(
      "unknown-property",
      `"${extra}" is not allowed in a transition; only action and activationDate are`,
      extra,
    );
  }
  if (typeof action !== "string" || !KNOWN_ACTIONS.has(action)) {
    return refuseBody(
      "unknown-action",
      `action "${action}" is unknown; use one of ${[...KNOWN_ACTIONS].join(", ")}`,
      "action",
    );
  }
  if (activationDate != null) {
    if (action !== ACTIVATION_DATE_ACTION) {
      return refuseBody(
        "activation-date-not-allowed",
        `activationDate is allowed only with ${ACTIVATION_DATE_ACTION}, not with ${action}`,
        "activationDate",
      );
    }
    if (typeof activationDate !== "string" || !isDateTime(activationDate)) {
      return refuseBody(
        "invalid-activation-date",
        `activationDate must be an ISO 8601 date-time such as 2026-12-01T00:00:00Z (got ${JSON.stringify(activationDate)})`,
        "activationDate",
      );
    }
  }
  return { ok: true, value: body as FulfillmentTransition };
}
