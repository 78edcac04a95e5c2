import { allowedActions, nextStatus } from "@fulfillkit/transitions";
import type { Command } from "commander";
import { json, orderDetails } from "../format";
import { preview } from "../worker/policy";
import { clientFor, orderId, print } from "./shared";

export function registerOrdersShow(orders: Command): void {
  orders
    .command("show")
    .description("an order's details, the actions allowed now, and what `fulfill run` would do with it")
    .argument("<id>", "order id", orderId)
    .option("--json", "print JSON: { order, allowedActions, worker }")
    .action(async (id: number, options: { json?: boolean }, command: Command) => {
      const order = await clientFor(command).orders.get(id);
      // Composition in plain sight: the client read the order, the flow says what may happen to it.
      const allowed = allowedActions(order).map((action) => ({
        action,
        to: nextStatus(order, action) ?? order.status,
      }));
      const worker = preview(order);
      if (options.json) {
        return print(json({ order, allowedActions: allowed.map(({ action }) => action), worker }));
      }
      print(orderDetails({ order, allowed, worker }));
    });
}
