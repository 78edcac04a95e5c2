import { FULFILLMENT_STATUSES, type FulfillmentStatus } from "@fulfillkit/core";
import { planPath } from "@fulfillkit/transitions";
import { type Command, Option } from "commander";
import { RefusedError, StoppedError } from "../errors";
import { json } from "../format";
import { driveOrder, type OrderRecord, type Step } from "../worker/drive";
import type { Decision } from "../worker/policy";
import { activationDate, clientFor, orderId, print } from "./shared";

/** The next action of the shortest plan from where the order is now (re-planned after every step). */
const towards =
  (target: FulfillmentStatus) =>
  (order: OrderRecord): Decision => {
    if (order.status === target) return { kind: "done" };
    const plan = planPath(order, target);
    if (!plan.ok) return { kind: "wait", reason: `no plan (${plan.code}): ${plan.reason}` };
    const [action] = plan.actions;
    return action ? { kind: "act", action } : { kind: "done" };
  };

export function registerOrdersAdvance(orders: Command): void {
  orders
    .command("advance")
    .description("plan the shortest way to a status and take it step by step, printing each step")
    .argument("<id>", "order id", orderId)
    .addOption(new Option("--to <status>", "the status to reach").choices(FULFILLMENT_STATUSES).makeOptionMandatory())
    .option("--activation-date <date>", "sent if the plan completes the order (2026-12-01 or ISO 8601)", activationDate)
    .option("--json", "print JSON: { orderId, from, to, steps }")
    .action(
      async (
        id: number,
        options: { to: FulfillmentStatus; activationDate?: string; json?: boolean },
        command: Command,
      ) => {
        const client = clientFor(command);
        const order = await client.orders.get(id);
        const plan = planPath(order, options.to);
        // Refused before anything is sent: the planner says why (a preorder waiting for the customer, …).
        if (!plan.ok) throw new RefusedError(`no plan (${plan.code}): ${plan.reason}; nothing was sent`);

        const say = (line: string) => (options.json ? undefined : print(line));
        say(
          plan.actions.length === 0
            ? `order ${order.id} is already ${order.status}`
            : `order ${order.id}: ${order.status} → ${options.to} in ${plan.actions.length} steps: ${plan.actions.join(", ")}`,
        );
        const outcome = await driveOrder(order, towards(options.to), {
          client,
          activationDate: options.activationDate,
          onStep: (step: Step) =>
            say(`  ${step.action}: ${step.from} → ${step.to}${step.reconciled ? " (reconciled)" : ""}`),
          onConflict: (stale) => say(`  409: order ${stale.id} was moved by someone else; re-reading and re-planning`),
        });
        if (options.json) {
          print(json({ orderId: order.id, from: order.status, to: outcome.order.status, steps: outcome.steps }));
        }
        const failure = outcome.error ?? outcome.retryLater;
        if (failure) throw new StoppedError(`stopped at ${outcome.order.status}: ${failure}`);
        if (outcome.waiting) throw new RefusedError(`stopped at ${outcome.order.status}: ${outcome.waiting}`);
      },
    );
}
