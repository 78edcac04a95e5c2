import { CUSTOMER_DELIVERY_REQUEST, TERMINAL_STATUSES, TRANSITIONS } from "./flow";

/** A Mermaid `stateDiagram-v2` of the flow, generated from the table (labels: action [guard]). */
export function toMermaid(): string {
  const lines = ["stateDiagram-v2", "  [*] --> new"];
  for (const { from, action, to, when } of TRANSITIONS) {
    lines.push(`  ${from} --> ${to}: ${action}${when === "always" ? "" : ` [${when}]`}`);
  }
  const customer = CUSTOMER_DELIVERY_REQUEST;
  lines.push(`  ${customer.from} --> ${customer.to}: customer requests delivery [${customer.when}]`);
  for (const status of TERMINAL_STATUSES) lines.push(`  ${status} --> [*]`);
  return `${lines.join("\n")}\n`;
}
