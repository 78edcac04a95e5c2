import { type FulfillmentTransition, isDateTime } from "@fulfillkit/core";
import { ACTIVATION_DATE_ACTION, KNOWN_ACTIONS } from "./flow";
import { type Refusal, type RefusalCode, refuse } from "./refusal";

type BodyRefusal = Refusal & { field?: string };
export type BodyValidation = { ok: true; value: FulfillmentTransition } | BodyRefusal;

/** A refusal about one field of the body; its reason starts with the field's name. */
const refuseField = (code: RefusalCode, field: string, rest: string): BodyRefusal => ({
  ...refuse(code, field + rest),
  field,
});

/** The request body rules of `POST /v1/fulfillment/orders/{orderId}/transitions`. */
export function validateTransitionBody(body: unknown): BodyValidation {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return refuse("invalid-body", "the body must be an object");
  }
  const { action, activationDate, ...rest } = body as Record<string, unknown>;
  const [extra] = Object.keys(rest);
  if (extra !== undefined) {
    return refuseField("unknown-property", extra, " is not allowed; only action and activationDate are");
  }
  if (!KNOWN_ACTIONS.has(action)) {
    return refuseField(
      "unknown-action",
      "action",
      ` "${action}" is unknown; use one of ${[...KNOWN_ACTIONS].join(", ")}`,
    );
  }
  if (activationDate != null) {
    if (action !== ACTIVATION_DATE_ACTION) {
      return refuseField(
        "activation-date-not-allowed",
        "activationDate",
        ` is allowed only with ${ACTIVATION_DATE_ACTION}`,
      );
    }
    if (!isDateTime(activationDate)) {
      return refuseField("invalid-activation-date", "activationDate", ` "${activationDate}" is not a date-time`);
    }
  }
  return { ok: true, value: body as FulfillmentTransition };
}
