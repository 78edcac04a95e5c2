import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigError, loadConfig, maskApiKey } from "../src/config";
import { exitCodeFor } from "../src/errors";

let dir: string;
let empty: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "fulfill-config-"));
  empty = mkdtempSync(join(tmpdir(), "fulfill-config-empty-"));
  writeFileSync(join(dir, ".env"), "EQUIPME_BASE_URL=http://from-dotenv.test\nEQUIPME_API_KEY=key-from-dotenv-file\n");
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
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

  test("a missing setting is named, with the three ways to give it", () => {
    const missing = () => loadConfig({}, { env: { EQUIPME_API_KEY: " " }, cwd: empty });
    expect(missing).toThrow(ConfigError);
    expect(missing).toThrow("EQUIPME_API_KEY is not set: export it, put it in .env, or pass --api-key");
    expect(missing).toThrow("EQUIPME_BASE_URL is not set: export it, put it in .env, or pass --base-url");
    expect(exitCodeFor(new ConfigError("x"))).toBe(2);
  });

  test("a base URL that is not one is named", () => {
    expect(() => loadConfig({ baseUrl: "api.example.com", apiKey: "k" }, { env: {}, cwd: empty })).toThrow(
      'EQUIPME_BASE_URL must be an http(s) URL such as https://api.example.com (got "api.example.com")',
    );
  });
});

test("maskApiKey keeps only enough to tell keys apart", () => {
  expect(maskApiKey("sandbox-key-provider-1")).toBe("••••••••er-1");
  expect(maskApiKey("short")).toBe("••••••••");
  expect(maskApiKey("sandbox-key-provider-1")).not.toContain("sandbox");
});
