import type { FulfillmentClient } from "@fulfillkit/client";
import { validateTransitionBody } from "@fulfillkit/transitions";
import { type Command, InvalidArgumentError } from "commander";
import { type ConnectionFlags, loadConfig } from "../config";
import { connect } from "../connect";

/** The client for a command, configured from `--base-url`/`--api-key`, the environment or `.env`. */
export function clientFor(command: Command): FulfillmentClient {
  return connect(loadConfig(command.optsWithGlobals<ConnectionFlags>()));
}

/** A commander parser for whole numbers written as `pattern` allows; `expected` says what is wanted. */
const wholeNumber =
  (pattern: RegExp, expected: string) =>
  (value: string): number => {
    if (!pattern.test(value)) throw new InvalidArgumentError(expected);
    return Number(value);
  };

export const orderId = wholeNumber(/^[1-9]\d*$/, "an order id is a positive integer");
export const positiveInteger = wholeNumber(/^[1-9]\d*$/, "expected a positive integer");
export const nonNegativeInteger = wholeNumber(/^(0|[1-9]\d*)$/, "expected 0 or a positive integer");

export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** `--activation-date`: ISO 8601; `2026-12-01` is taken as `2026-12-01T00:00:00Z` (the server counts the UTC day). */
export function activationDate(value: string): string {
  const date = /^\d{4}-\d\d-\d\d$/.test(value) ? `${value}T00:00:00Z` : value;
  const body = validateTransitionBody({ action: "complete", activationDate: date });
  if (!body.ok) throw new InvalidArgumentError(body.reason);
  return date;
}

/** A warning: on stderr, so stdout (and `--json`) stays the command's answer. */
export function warn(text: string): void {
  process.stderr.write(`fulfill: ${text}\n`);
}
