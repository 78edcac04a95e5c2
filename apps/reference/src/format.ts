import type { FulfillmentOrder } from "@fulfillkit/core";
import Table from "cli-table3";

export function ordersTable(orders: FulfillmentOrder[]): string {
  const table = new Table({ head: ["id", "status", "type", "preorder", "customer", "service", "external id"] });
  for (const order of orders) {
    table.push([
      order.id,
      order.status,
      order.transactionType,
      order.isPreorder ? "yes" : "",
      order.customer.name,
      order.service.name,
      order.externalId ?? "",
    ]);
  }
  return table.toString();
}

export function keyValueTable(rows: Array<[string, string | number]>): string {
  const table = new Table();
  for (const [key, value] of rows) table.push({ [key]: value });
  return table.toString();
}
