import { ConflictError } from "@fulfillkit/client";
import type { FulfillmentAction } from "@fulfillkit/core";
import { checkTransition, validateTransitionBody } from "@fulfillkit/transitions";
import type { Command } from "commander";
import { RefusedError, StoppedError } from "../errors";
import { json } from "../format";
import { activationDate, clientFor, orderId, print, warn } from "./shared";

interface TransitionFlags {
  activationDate?: string;
  force?: boolean;
  json?: boolean;
}

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
    .option("--force", "send it even where the local flow table refuses it (with a warning): the server decides")
    .option("--json", "print JSON: { orderId, action, from, to, outcome, reconciled, localRefusal? }")
    .action(async (id: number, action: string, options: TransitionFlags, command: Command) => {
      const transition = { action: action as FulfillmentAction, activationDate: options.activationDate };
      // A malformed request is refused before anything is sent, not even a read; --force does not change that.
      const body = validateTransitionBody(transition);
      if (!body.ok) throw new RefusedError(`refused (${body.code}): ${body.reason}; nothing was sent`);

      const client = clientFor(command);
      const order = await client.orders.get(id);
      const check = checkTransition(order, body.value);
      const localRefusal = check.ok ? undefined : { code: check.code, reason: check.reason };
      if (localRefusal) {
        const refusal = `(${localRefusal.code}): ${localRefusal.reason}`;
        if (!options.force) throw new RefusedError(`refused ${refusal}; nothing was sent (--force sends it anyway)`);
        // The server is the authority; the local table is this app's reading of the flow, and can lag behind it.
        warn(`warning: the local flow table refuses this ${refusal}; sending it anyway (--force)`);
      }

      let result: Awaited<ReturnType<typeof client.orders.transition>>;
      try {
        // `from` makes the step exactly-once: if the outcome is unknown, the client re-reads instead of resending.
        result = await client.orders.transition(order.id, body.value.action, {
          from: order.status,
          // Where the table says it leads; a forced transition has no such word, the re-read decides.
          ...(check.ok ? { to: check.to } : {}),
          activationDate: body.value.activationDate,
        });
      } catch (error) {
        if (localRefusal && error instanceof ConflictError) {
          throw new RefusedError(`the server refused it too: ${error.message}`);
        }
        throw error;
      }
      if (result.outcome === "moved-elsewhere") {
        throw new StoppedError(
          `order ${order.id}: the answer to ${result.action} was lost, and the order is now ${result.status}: someone else moved it; ${result.action} was not applied`,
        );
      }
      // The table cannot say where a transition it refuses leads: ask the server.
      const to = result.status ?? (check.ok ? check.to : (await client.orders.get(order.id)).status);
      if (options.json) {
        return print(
          json({
            orderId: order.id,
            action: result.action,
            from: order.status,
            to,
            outcome: result.outcome,
            reconciled: result.reconciled,
            ...(localRefusal ? { localRefusal } : {}),
          }),
        );
      }
      const note = result.reconciled
        ? " (the answer was lost; a re-read confirmed it)"
        : localRefusal
          ? " (the server accepted what the local table refuses)"
          : "";
      print(`order ${order.id}: ${order.status} → ${to} (${result.action})${note}`);
    });
}
