import { CUSTOMER_DELIVERY_REQUEST, TERMINAL_STATUSES, TRANSITIONS } from "./flow";

// Mermaid's state IDs cannot contain "-": each such status is declared as an alias with its real name.
const id = (status: string) => status.replace(/-/g, "_");

/** A Mermaid `stateDiagram-v2` of the flow, generated from the table (labels: action [guard]). */
export function toMermaid(): string {
  const edges = [...TRANSITIONS, { ...CUSTOMER_DELIVERY_REQUEST, action: "customer requests delivery" }];
  const statuses = [...new Set(edges.flatMap(({ from, to }) => [from, to]))];
  return [
    "stateDiagram-v2",
    ...statuses.filter((status) => status !== id(status)).map((status) => `  state "${status}" as ${id(status)}`),
    "  [*] --> new",
    ...edges.map(
      ({ from, action, to, when }) => `  ${id(from)} --> ${id(to)}: ${action}${when === "always" ? "" : ` [${when}]`}`,
    ),
    ...TERMINAL_STATUSES.map((status) => `  ${status} --> [*]`),
    "",
  ].join("\n");
}
