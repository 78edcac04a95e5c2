import {
  FULFILLMENT_STATUSES,
  type FulfillmentOrderTransactionType,
  type FulfillmentStatus,
  TRANSACTION_TYPES,
} from "@fulfillkit/core";
import { type Command, Option } from "commander";
import { json, ordersTable } from "../format";
import { clientFor, nonNegativeInteger, positiveInteger, print } from "./shared";

interface ListOptions {
  status?: FulfillmentStatus[];
  type?: FulfillmentOrderTransactionType[];
  limit: number;
  offset?: number;
  json?: boolean;
}

export function registerOrdersList(orders: Command): void {
  orders
    .command("list")
    .description("list your orders: a table, or the API's page as JSON with --json")
    .addOption(new Option("--status <status...>", "only orders in these statuses").choices(FULFILLMENT_STATUSES))
    .addOption(new Option("--type <type...>", "only these transaction types").choices(TRANSACTION_TYPES))
    .option("--limit <n>", "at most this many orders (1–1000)", positiveInteger, 20)
    .option("--offset <n>", "skip this many orders first", nonNegativeInteger)
    .option("--json", "print the page as JSON")
    .action(async (options: ListOptions, command: Command) => {
      const page = await clientFor(command).orders.list({
        status: options.status,
        transactionTypes: options.type,
        limit: options.limit,
        offset: options.offset,
      });
      if (options.json) return print(json(page));
      const first = (options.offset ?? 0) + 1;
      const range = page.items.length > 0 ? `${first}–${first + page.items.length - 1}` : "none";
      print(`${ordersTable(page.items)}\norders ${range} of ${page.total}`);
    });
}
