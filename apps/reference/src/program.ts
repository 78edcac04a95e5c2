import { Command } from "commander";
import { registerConfig } from "./commands/config";
import { registerCoverage } from "./commands/coverage";
import { registerOrdersAdvance } from "./commands/orders-advance";
import { registerOrdersLink } from "./commands/orders-link";
import { registerOrdersList } from "./commands/orders-list";
import { registerOrdersShow } from "./commands/orders-show";
import { registerOrdersTransition } from "./commands/orders-transition";
import { registerRun } from "./commands/run";
import { positiveInteger } from "./commands/shared";
import { exitCodesHelp } from "./exit-codes";

/** The `fulfill` command line: one small module per command under ./commands. */
export function createProgram(): Command {
  const program = new Command("fulfill")
    .description(
      "Move Equipme fulfillment orders: the reference integration of @fulfillkit/client and @fulfillkit/transitions.",
    )
    .option("--base-url <url>", "the API's base URL (default: $EQUIPME_BASE_URL, then .env)")
    .option("--api-key <key>", "your API key (default: $EQUIPME_API_KEY, then .env; prefer those to a flag)")
    .option(
      "--timeout <ms>",
      "give up on a request attempt after this long (default: $EQUIPME_TIMEOUT_MS, then .env, then 30000)",
      positiveInteger,
    )
    .addHelpText("after", `\n${exitCodesHelp()}`)
    // Settings inherited by every subcommand created below: errors are thrown to ./cli.ts, not
    // exited on, and a usage error is one line.
    .exitOverride()
    .configureOutput({
      outputError: (message, write) =>
        write(`fulfill: ${message.replace(/^error: /, "").trim()} (add --help for usage)\n`),
    });

  const orders = program.command("orders").description("look at and move single orders");
  registerOrdersList(orders);
  registerOrdersShow(orders);
  registerOrdersTransition(orders);
  registerOrdersAdvance(orders);
  registerOrdersLink(orders);
  registerRun(program);
  registerCoverage(program);
  registerConfig(program);
  return program;
}
