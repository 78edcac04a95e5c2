/** Stable, machine-readable reasons a transition or a plan is refused. */
export type RefusalCode =
  | "terminal-status"
  | "preorder-awaits-request"
  | "in-transit"
  | "not-allowed-for-transaction-type"
  | "action-not-allowed-from-status"
  | "activation-date-not-allowed"
  | "invalid-activation-date"
  | "unknown-action"
  | "unknown-property"
  | "invalid-body"
  | "unknown-status"
  | "unknown-transaction-type"
  | "not-a-preorder"
  | "unreachable";

export type Refusal = { ok: false; code: RefusalCode; reason: string };

export const refuse = (code: RefusalCode, reason: string): Refusal => ({ ok: false, code, reason });
