import type { FulfillmentAction } from "@fulfillkit/core";
import { checkTransition, validateTransitionBody } from "@fulfillkit/transitions";
import type { Command } from "commander";
import { RefusedError } from "../errors";
import { json } from "../format";
import { activationDate, clientFor, orderId, print } from "./shared";

export function registerOrdersTransition(orders: Command): void {
  orders
    .command("transition")
    .description("take one action on an order; checked locally first, a refused one is explained and not sent")
    .argument("<id>", "order id", orderId)
    .argument(
      "<action>",
      "process, dispatchDelivery, confirmDelivery, complete, … (`orders show` lists the allowed ones)",
    )
    .option(
      "--activation-date <date>",
      "with complete: the day the service is activated (2026-12-01 or ISO 8601)",
      activationDate,
    )
    .option("--json", "print JSON: { orderId, action, from, to, reconciled }")
    .action(
      async (id: number, action: string, options: { activationDate?: string; json?: boolean }, command: Command) => {
        const transition = { action: action as FulfillmentAction, activationDate: options.activationDate };
        // A malformed request is refused before anything is sent, not even a read.
        const body = validateTransitionBody(transition);
        if (!body.ok) throw new RefusedError(`refused (${body.code}): ${body.reason}; nothing was sent`);

        const client = clientFor(command);
        const order = await client.orders.get(id);
        const check = checkTransition(order, body.value);
        if (!check.ok) throw new RefusedError(`refused (${check.code}): ${check.reason}; nothing was sent`);

        // `from` makes the step exactly-once: if the outcome is unknown, the client re-reads instead of resending.
        const result = await client.orders.transition(order.id, body.value.action, {
          from: order.status,
          activationDate: body.value.activationDate,
        });
        const to = result.status ?? check.to;
        if (options.json) {
          return print(
            json({ orderId: order.id, action: result.action, from: order.status, to, reconciled: result.reconciled }),
          );
        }
        const note = result.reconciled ? " (the answer was lost; a re-read confirmed it)" : "";
        print(`order ${order.id}: ${order.status} → ${to} (${result.action})${note}`);
      },
    );
}
