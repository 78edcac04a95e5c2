import type { Command } from "commander";
import { type ConnectionFlags, loadConfig, maskApiKey } from "../config";
import { json } from "../format";
import { print } from "./shared";

export function registerConfig(program: Command): void {
  program
    .command("config")
    .description("show the configuration in use and where each setting came from (the key masked)")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<ConnectionFlags>());
      const shown = {
        EQUIPME_BASE_URL: { value: config.baseUrl, from: config.sources.baseUrl },
        EQUIPME_API_KEY: { value: maskApiKey(config.apiKey), from: config.sources.apiKey },
        ...(config.timeoutMs === undefined
          ? {}
          : { EQUIPME_TIMEOUT_MS: { value: String(config.timeoutMs), from: config.sources.timeoutMs } }),
        ...(config.sandboxUrl === undefined
          ? {}
          : { FULFILL_SANDBOX_URL: { value: config.sandboxUrl, from: config.sources.sandboxUrl } }),
        ...(config.sandboxToken === undefined
          ? {}
          : { FULFILL_SANDBOX_TOKEN: { value: maskApiKey(config.sandboxToken), from: config.sources.sandboxToken } }),
      };
      if (options.json) return print(json(shown));
      for (const [name, { value, from }] of Object.entries(shown)) print(`${name}=${value}  (from ${from})`);
    });
}
