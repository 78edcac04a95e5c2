import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigError, loadConfig, maskApiKey } from "../src/config";
import { exitCodeFor } from "../src/errors";

let dir: string;
let empty: string;
let withoutKey: string;
beforeAll(() => {
  withoutKey = mkdtempSync(join(tmpdir(), "fulfill-config-nokey-"));
  writeFileSync(join(withoutKey, ".env"), "EQUIPME_BASE_URL=http://from-dotenv.test\n");
  dir = mkdtempSync(join(tmpdir(), "fulfill-config-"));
  empty = mkdtempSync(join(tmpdir(), "fulfill-config-empty-"));
  writeFileSync(join(dir, ".env"), "EQUIPME_BASE_URL=http://from-dotenv.test\nEQUIPME_API_KEY=key-from-dotenv-file\n");
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
  rmSync(withoutKey, { recursive: true, force: true });
});

describe("loadConfig", () => {
  test(".env, then the environment, then flags: the later wins", () => {
    expect(loadConfig({}, { env: {}, cwd: dir })).toMatchObject({
      baseUrl: "http://from-dotenv.test",
      apiKey: "key-from-dotenv-file",
      sources: { baseUrl: ".env", apiKey: ".env" },
    });
    const env = { EQUIPME_BASE_URL: "https://from-env.test", EQUIPME_API_KEY: "key-from-environment" };
    expect(loadConfig({}, { env, cwd: dir })).toMatchObject({
      baseUrl: "https://from-env.test",
      sources: { baseUrl: "environment", apiKey: "environment" },
    });
    expect(loadConfig({ apiKey: "key-from-a-flag" }, { env, cwd: dir })).toMatchObject({
      apiKey: "key-from-a-flag",
      sources: { baseUrl: "environment", apiKey: "flag" },
    });
  });

  test("a missing setting is named, with the three ways to give it and the .env path looked for", () => {
    const missing = () => loadConfig({}, { env: { EQUIPME_API_KEY: " " }, cwd: empty });
    const where = `${join(empty, ".env")} (there is none)`;
    expect(missing).toThrow(ConfigError);
    expect(missing).toThrow(`EQUIPME_API_KEY is not set: export it, put it in ${where}, or pass --api-key`);
    expect(missing).toThrow(`EQUIPME_BASE_URL is not set: export it, put it in ${where}, or pass --base-url`);
    const withDotEnv = () => loadConfig({}, { env: {}, cwd: withoutKey });
    expect(withDotEnv).toThrow(
      `EQUIPME_API_KEY is not set: export it, put it in ${join(withoutKey, ".env")}, or pass --api-key`,
    );
    expect(exitCodeFor(new ConfigError("x"))).toBe(2);
  });

  test("a base URL that is not one is named", () => {
    expect(() => loadConfig({ baseUrl: "api.example.com", apiKey: "k" }, { env: {}, cwd: empty })).toThrow(
      'EQUIPME_BASE_URL must be an http(s) URL such as https://api.example.com (got "api.example.com")',
    );
  });
});

test("a timeout from the flag, the environment or .env; a malformed one is named", () => {
  expect(loadConfig({ timeout: 500 }, { env: { EQUIPME_TIMEOUT_MS: "900" }, cwd: dir })).toMatchObject({
    timeoutMs: 500,
    sources: { timeoutMs: "flag" },
  });
  expect(loadConfig({}, { env: { EQUIPME_TIMEOUT_MS: "900" }, cwd: dir })).toMatchObject({
    timeoutMs: 900,
    sources: { timeoutMs: "environment" },
  });
  expect(loadConfig({}, { env: {}, cwd: dir }).timeoutMs).toBeUndefined();
  expect(() => loadConfig({}, { env: { EQUIPME_TIMEOUT_MS: "-5" }, cwd: dir })).toThrow(
    'EQUIPME_TIMEOUT_MS must be a whole number of milliseconds such as 10000 (got "-5")',
  );
});

test("maskApiKey keeps only enough to tell keys apart", () => {
  expect(maskApiKey("sandbox-key-provider-1")).toBe("••••••••er-1");
  expect(maskApiKey("short")).toBe("••••••••");
  expect(maskApiKey("sandbox-key-provider-1")).not.toContain("sandbox");
});
