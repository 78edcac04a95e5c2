import { createFulfillmentClient, type FulfillmentClient } from "@fulfillkit/client";
import dotenv from "dotenv";

export interface ConnectionFlags {
  baseUrl?: string;
  apiKey?: string;
}

export class ConfigError extends Error {}

/**
 * Flags win over the environment, the environment over a `.env` file in the working directory.
 * A missing setting is named together with the three ways to give it.
 */
export function loadConfig(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Required<ConnectionFlags> {
  const fromFile = dotenv.config({ quiet: true, processEnv: {} }).parsed ?? {};
  const baseUrl = flags.baseUrl ?? env.EQUIPME_BASE_URL ?? fromFile.EQUIPME_BASE_URL;
  const apiKey = flags.apiKey ?? env.EQUIPME_API_KEY ?? fromFile.EQUIPME_API_KEY;
  const missing = [
    !baseUrl && "EQUIPME_BASE_URL is not set: export it, put it in .env, or pass --base-url",
    !apiKey && "EQUIPME_API_KEY is not set: export it, put it in .env, or pass --api-key",
  ].filter(Boolean);
  if (missing.length > 0) throw new ConfigError(missing.join("\n"));
  return { baseUrl: baseUrl as string, apiKey: apiKey as string };
}

export function connect(flags: ConnectionFlags): FulfillmentClient {
  const { baseUrl, apiKey } = loadConfig(flags);
  // For rehearsals against the sandbox's fault injection: shorter backoff than the 500 ms default.
  const baseDelayMs = process.env.FULFILL_RETRY_BASE_MS ? Number(process.env.FULFILL_RETRY_BASE_MS) : undefined;
  return createFulfillmentClient({
    baseUrl,
    apiKey,
    retry: { maxRetries: 4, ...(baseDelayMs ? { baseDelayMs } : {}) },
  });
}
