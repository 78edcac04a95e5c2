import type { Command } from "commander";
import { json } from "../format";
import { clientFor, orderId, print } from "./shared";

export function registerOrdersLink(orders: Command): void {
  orders
    .command("link")
    .description("store your system's id on an order (PATCH /externalId); an empty string clears it")
    .argument("<id>", "order id", orderId)
    .argument("<externalId>", 'your id for it, e.g. ERP-4711; "" clears it')
    .option("--json", "print JSON: { orderId, externalId }")
    .action(async (id: number, externalId: string, options: { json?: boolean }, command: Command) => {
      await clientFor(command).orders.setExternalId(id, externalId);
      if (options.json) return print(json({ orderId: id, externalId }));
      print(
        externalId === ""
          ? `order ${id}: external id cleared`
          : `order ${id}: external id ${JSON.stringify(externalId)}`,
      );
    });
}
