import { Command } from "commander";
import { registerConfig } from "./commands/config";
import { registerOrdersAdvance } from "./commands/orders-advance";
import { registerOrdersLink } from "./commands/orders-link";
import { registerOrdersList } from "./commands/orders-list";
import { registerOrdersShow } from "./commands/orders-show";
import { registerOrdersTransition } from "./commands/orders-transition";
import { registerRun } from "./commands/run";

/** The `fulfill` command line: one small module per command under ./commands. */
export function createProgram(): Command {
  const program = new Command("fulfill")
    .description(
      "Move Equipme fulfillment orders: the reference integration of @fulfillkit/client and @fulfillkit/transitions.",
    )
    .option("--base-url <url>", "the API's base URL (default: $EQUIPME_BASE_URL, then .env)")
    .option("--api-key <key>", "your API key (default: $EQUIPME_API_KEY, then .env; prefer those to a flag)")
    .addHelpText(
      "after",
      "\nExit codes: 0 done, 1 failed (an order, a refused transition, an API error), 2 usage or configuration, 130 interrupted.",
    )
    // Settings inherited by every subcommand created below: errors are thrown to ./cli.ts, not exited on.
    .exitOverride()
    .showHelpAfterError("(add --help for usage)");

  const orders = program.command("orders").description("look at and move single orders");
  registerOrdersList(orders);
  registerOrdersShow(orders);
  registerOrdersTransition(orders);
  registerOrdersAdvance(orders);
  registerOrdersLink(orders);
  registerRun(program);
  registerConfig(program);
  return program;
}
