#!/usr/bin/env node
import { FulfillmentApiError, ValidationError } from "@fulfillkit/client";
import { Command } from "commander";
import { registerOrderCommands } from "./commands/orders";
import { registerRunCommand } from "./commands/run";
import { ConfigError, type ConnectionFlags } from "./config";

const program = new Command("fulfill")
  .description(
    "Move Equipme fulfillment orders: the reference integration of @fulfillkit/client and @fulfillkit/transitions.",
  )
  .option("--base-url <url>", "API base URL (default: $EQUIPME_BASE_URL)")
  .option("--api-key <key>", "API key (default: $EQUIPME_API_KEY; prefer the environment or .env)")
  .showHelpAfterError();

const connection = (): ConnectionFlags => program.opts<ConnectionFlags>();
registerOrderCommands(program, connection);
registerRunCommand(program, connection);

try {
  await program.parseAsync();
} catch (error) {
  const known =
    error instanceof ConfigError || error instanceof ValidationError || error instanceof FulfillmentApiError;
  console.error(`fulfill: ${error instanceof Error ? error.message : String(error)}`);
  if (!known && !(error instanceof Error)) console.error(error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
