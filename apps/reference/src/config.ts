/**
 * Where `fulfill` finds the API: a flag wins over the environment, the environment over a `.env`
 * file in the working directory. A missing or malformed setting is named, with the ways to give it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import dotenv from "dotenv";

export interface Config {
  baseUrl: string;
  apiKey: string;
}

/** The flags every command accepts; they win over the environment. */
export interface ConnectionFlags {
  baseUrl?: string;
  apiKey?: string;
}

export type Source = "flag" | "environment" | ".env";

export interface LoadedConfig extends Config {
  sources: Record<keyof Config, Source>;
}

/** The configuration is incomplete or malformed (exit code 2). */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const SETTINGS = [
  { key: "baseUrl", variable: "EQUIPME_BASE_URL", flag: "--base-url" },
  { key: "apiKey", variable: "EQUIPME_API_KEY", flag: "--api-key" },
] as const;

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
  const dotEnv = existsSync(dotEnvPath) ? dotenv.parse(readFileSync(dotEnvPath)) : {};

  const found: Partial<LoadedConfig> = {};
  const sources: Partial<LoadedConfig["sources"]> = {};
  const problems: string[] = [];
  for (const { key, variable, flag } of SETTINGS) {
    const candidates: Array<[string | undefined, Source]> = [
      [flags[key], "flag"],
      [env[variable], "environment"],
      [dotEnv[variable], ".env"],
    ];
    const [value, source] = candidates.find(([candidate]) => candidate !== undefined && candidate.trim() !== "") ?? [];
    if (value === undefined || source === undefined) {
      problems.push(`${variable} is not set: export it, put it in .env, or pass ${flag}`);
      continue;
    }
    found[key] = value.trim();
    sources[key] = source;
  }
  if (found.baseUrl !== undefined && !/^https?:\/\//.test(found.baseUrl)) {
    problems.push(`EQUIPME_BASE_URL must be an http(s) URL such as https://api.example.com (got "${found.baseUrl}")`);
  }
  if (problems.length > 0) throw new ConfigError(problems.join("\n"));
  return { ...(found as Config), sources: sources as LoadedConfig["sources"] };
}

/** Enough of a key to tell two keys apart, never enough to use it. */
export function maskApiKey(apiKey: string): string {
  return apiKey.length >= 12 ? `${"•".repeat(8)}${apiKey.slice(-4)}` : "•".repeat(8);
}
