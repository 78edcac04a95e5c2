/**
 * Where `fulfill` finds the API: a flag wins over the environment, the environment over a `.env`
 * file in the directory `fulfill` was started from. A missing or malformed setting is named, with
 * the ways to give it (the `.env` path included).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import dotenv from "dotenv";

export interface Config {
  baseUrl: string;
  apiKey: string;
  /** Per request attempt; the client's default (30 s) when not set. */
  timeoutMs?: number;
  /** Where `fulfill coverage` finds the sandbox's controls, when not at the base URL. */
  sandboxUrl?: string;
  /** The sandbox's token, needed only when it was started beyond loopback. */
  sandboxToken?: string;
}

/** The flags every command accepts; they win over the environment. */
export interface ConnectionFlags {
  baseUrl?: string;
  apiKey?: string;
  timeout?: number;
  sandboxUrl?: string;
  sandboxToken?: string;
}

export type Source = "flag" | "environment" | ".env";

export interface LoadedConfig extends Config {
  sources: { baseUrl: Source; apiKey: Source; timeoutMs?: Source; sandboxUrl?: Source; sandboxToken?: Source };
  /** The `.env` file looked for (it may not exist). */
  dotEnvPath: string;
}

/** The configuration is incomplete or malformed (exit code 2). */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Where to look for `.env`. Default: the working directory. */
  cwd?: string;
}

export function loadConfig(
  flags: ConnectionFlags,
  { env = process.env, cwd = process.cwd() }: LoadOptions = {},
): LoadedConfig {
  const dotEnvPath = join(cwd, ".env");
  const hasDotEnv = existsSync(dotEnvPath);
  const dotEnv = hasDotEnv ? dotenv.parse(readFileSync(dotEnvPath)) : {};
  const problems: string[] = [];

  /** The first non-blank of flag, environment, `.env`; a missing required setting is a problem. */
  const setting = (variable: string, flag: string, flagValue: string | undefined, required: boolean) => {
    const candidates: Array<[string | undefined, Source]> = [
      [flagValue, "flag"],
      [env[variable], "environment"],
      [dotEnv[variable], ".env"],
    ];
    const [value, source] = candidates.find(([candidate]) => candidate !== undefined && candidate.trim() !== "") ?? [];
    if ((value === undefined || source === undefined) && required) {
      const where = hasDotEnv ? dotEnvPath : `${dotEnvPath} (there is none)`;
      problems.push(`${variable} is not set: export it, put it in ${where}, or pass ${flag}`);
    }
    return value === undefined || source === undefined ? undefined : { value: value.trim(), source };
  };

  const baseUrl = setting("EQUIPME_BASE_URL", "--base-url", flags.baseUrl, true);
  const apiKey = setting("EQUIPME_API_KEY", "--api-key", flags.apiKey, true);
  const timeout = setting("EQUIPME_TIMEOUT_MS", "--timeout", flags.timeout?.toString(), false);
  const sandboxUrl = setting("FULFILL_SANDBOX_URL", "--sandbox-url", flags.sandboxUrl, false);
  const sandboxToken = setting("FULFILL_SANDBOX_TOKEN", "--sandbox-token", flags.sandboxToken, false);
  if (baseUrl && !/^https?:\/\//.test(baseUrl.value)) {
    problems.push(`EQUIPME_BASE_URL must be an http(s) URL such as https://api.example.com (got "${baseUrl.value}")`);
  }
  if (sandboxUrl && !/^https?:\/\//.test(sandboxUrl.value)) {
    problems.push(
      `FULFILL_SANDBOX_URL must be an http(s) URL such as http://127.0.0.1:4020 (got "${sandboxUrl.value}")`,
    );
  }
  if (timeout && !/^[1-9]\d*$/.test(timeout.value)) {
    problems.push(`EQUIPME_TIMEOUT_MS must be a whole number of milliseconds such as 10000 (got "${timeout.value}")`);
  }
  if (problems.length > 0 || !baseUrl || !apiKey) throw new ConfigError(problems.join("\n"));
  return {
    baseUrl: baseUrl.value,
    apiKey: apiKey.value,
    ...(timeout ? { timeoutMs: Number(timeout.value) } : {}),
    ...(sandboxUrl ? { sandboxUrl: sandboxUrl.value } : {}),
    ...(sandboxToken ? { sandboxToken: sandboxToken.value } : {}),
    sources: {
      baseUrl: baseUrl.source,
      apiKey: apiKey.source,
      ...(timeout ? { timeoutMs: timeout.source } : {}),
      ...(sandboxUrl ? { sandboxUrl: sandboxUrl.source } : {}),
      ...(sandboxToken ? { sandboxToken: sandboxToken.source } : {}),
    },
    dotEnvPath,
  };
}

/** Enough of a key to tell two keys apart, never enough to use it. */
export function maskApiKey(apiKey: string): string {
  return apiKey.length >= 12 ? `${"•".repeat(8)}${apiKey.slice(-4)}` : "•".repeat(8);
}
