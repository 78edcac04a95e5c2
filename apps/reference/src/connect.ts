import { createFulfillmentClient, type FulfillmentClient } from "@fulfillkit/client";
import type { Config } from "./config";

export interface ConnectOptions {
  /**
   * The first backoff step of the client's retries (it doubles each retry). The client's default,
   * 500 ms, suits the real API; rehearsals against the sandbox's fault injection go faster with a
   * few milliseconds (`FULFILL_RETRY_BASE_MS`).
   */
  retryBaseMs?: number;
}

/** The one place the app creates its client: every command and the worker talk through this. */
export function connect(
  config: Config,
  { retryBaseMs = retryBaseMsFromEnv() }: ConnectOptions = {},
): FulfillmentClient {
  return createFulfillmentClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    // GET, PATCH and (reconciled through `from`) transitions are retried on 429, 5xx and lost
    // connections; four retries ride out a flaky minute without hiding a real outage.
    retry: { maxRetries: 4, ...(retryBaseMs === undefined ? {} : { baseDelayMs: retryBaseMs }) },
  });
}

function retryBaseMsFromEnv(): number | undefined {
  const value = process.env.FULFILL_RETRY_BASE_MS;
  if (value === undefined || value === "") return undefined;
  const ms = Number(value);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
