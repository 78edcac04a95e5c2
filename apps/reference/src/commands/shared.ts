import type { FulfillmentClient } from "@fulfillkit/client";
import { validateTransitionBody } from "@fulfillkit/transitions";
import { type Command, InvalidArgumentError } from "commander";
import { type ConnectionFlags, loadConfig } from "../config";
import { connect } from "../connect";

/** The client for a command, configured from `--base-url`/`--api-key`, the environment or `.env`. */
export function clientFor(command: Command): FulfillmentClient {
  return connect(loadConfig(command.optsWithGlobals<ConnectionFlags>()));
}

export function orderId(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError("an order id is a positive integer");
  return Number(value);
}

export function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError("expected a positive integer");
  return Number(value);
}

export function nonNegativeInteger(value: string): number {
  if (!/^(0|[1-9]\d*)$/.test(value)) throw new InvalidArgumentError("expected 0 or a positive integer");
  return Number(value);
}

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
