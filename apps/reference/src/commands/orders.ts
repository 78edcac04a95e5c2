import {
  FULFILLMENT_ACTIONS,
  FULFILLMENT_STATUSES,
  type FulfillmentAction,
  type FulfillmentStatus,
  TRANSACTION_TYPES,
} from "@fulfillkit/core";
import { allowedActions, checkTransition, planPath } from "@fulfillkit/transitions";
import { type Command, Option } from "commander";
import { type ConnectionFlags, connect } from "../config";
import { keyValueTable, ordersTable } from "../format";

const orderId = (value: string) => {
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`order id must be a positive integer (got "${value}")`);
  return Number(value);
};

export function registerOrderCommands(program: Command, connection: () => ConnectionFlags): void {
  const orders = program.command("orders").description("look at and move single orders");

  orders
    .command("list")
    .description("list orders (a table on a terminal, JSON with --json)")
    .addOption(new Option("--status <status...>", "only these statuses").choices(FULFILLMENT_STATUSES))
    .addOption(new Option("--type <type...>", "only these transaction types").choices(TRANSACTION_TYPES))
    .option("--limit <n>", "at most this many (1–1000)", (v) => Number(v), 20)
    .option("--json", "print JSON")
    .action(
      async (options: {
        status?: FulfillmentStatus[];
        type?: (typeof TRANSACTION_TYPES)[number][];
        limit: number;
        json?: boolean;
      }) => {
        const client = connect(connection());
        const page = await client.orders.list({
          status: options.status,
          transactionTypes: options.type,
          limit: options.limit,
        });
        if (options.json) console.log(JSON.stringify(page, null, 2));
        else console.log(`${ordersTable(page.items)}\n${page.items.length} of ${page.total}`);
      },
    );

  orders
    .command("show <id>")
    .description("show an order and the actions allowed now")
    .option("--json", "print JSON")
    .action(async (id: string, options: { json?: boolean }) => {
      const order = await connect(connection()).orders.get(orderId(id));
      const actions = allowedActions(order);
      if (options.json) return console.log(JSON.stringify({ order, allowedActions: actions }, null, 2));
      console.log(
        keyValueTable([
          ["id", order.id],
          ["status", order.status],
          ["transaction type", order.transactionType],
          ["preorder", order.isPreorder ? "yes" : "no"],
          ["customer", order.customer.name],
          ["service", order.service.name],
          ["sales order", order.order.orderNumber],
          ["external id", order.externalId ?? "–"],
          ["allowed now", actions.join(", ") || "nothing (terminal)"],
        ]),
      );
    });

  orders
    .command("transition <id> <action>")
    .description("post one transition, checked locally first: a refused one is explained and not sent")
    .option("--activation-date <date>", "with complete: the activation date (ISO 8601)")
    .action(async (id: string, action: string, options: { activationDate?: string }) => {
      const body = {
        action: action as FulfillmentAction,
        ...(options.activationDate ? { activationDate: options.activationDate } : {}),
      };
      if (!FULFILLMENT_ACTIONS.includes(body.action)) {
        throw new Error(`action "${action}" is unknown; use one of ${FULFILLMENT_ACTIONS.join(", ")}`);
      }
      const client = connect(connection());
      const order = await client.orders.get(orderId(id));
      const check = checkTransition(order, body);
      if (!check.ok) throw new Error(`refused (${check.code}): ${check.reason}`);
      await client.orders.transition(order.id, body.action, {
        from: order.status,
        activationDate: body.activationDate,
      });
      console.log(`order ${order.id}: ${check.from} → ${check.to} (${action})`);
    });

  orders
    .command("advance <id>")
    .description("plan the shortest way to a status and take it step by step")
    .addOption(new Option("--to <status>", "target status").choices(FULFILLMENT_STATUSES).makeOptionMandatory())
    .action(async (id: string, options: { to: FulfillmentStatus }) => {
      const client = connect(connection());
      let order = await client.orders.get(orderId(id));
      const plan = planPath(order, options.to);
      if (!plan.ok) throw new Error(`no plan (${plan.code}): ${plan.reason}`);
      if (plan.actions.length === 0) return console.log(`order ${order.id} is already ${order.status}`);
      console.log(`order ${order.id}: ${plan.actions.join(" → ")}`);
      for (const [step, action] of plan.actions.entries()) {
        const from = order.status;
        const result = await client.orders.transition(order.id, action, { from });
        order = result.status ? { ...order, status: result.status } : await client.orders.get(order.id);
        console.log(`  ${step + 1}. ${action}: ${from} → ${order.status}`);
      }
    });

  orders
    .command("link <id> <externalId>")
    .description('set the order\'s external id (PATCH); "" clears it')
    .action(async (id: string, externalId: string) => {
      await connect(connection()).orders.setExternalId(orderId(id), externalId);
      console.log(`order ${id}: externalId = ${JSON.stringify(externalId)}`);
    });
}
