import { CUSTOMER_DELIVERY_REQUEST, TERMINAL_STATUSES, TRANSITIONS } from "./flow";

/** A Mermaid `stateDiagram-v2` of the flow, generated from the table (labels: action [guard]). */
export function toMermaid(): string {
  const edges = [...TRANSITIONS, { ...CUSTOMER_DELIVERY_REQUEST, action: "customer requests delivery" }];
  return [
    "stateDiagram-v2",
    "  [*] --> new",
    ...edges.map(
      ({ from, action, to, when }) => `  ${from} --> ${to}: ${action}${when === "always" ? "" : ` [${when}]`}`,
    ),
    ...TERMINAL_STATUSES.map((status) => `  ${status} --> [*]`),
    "",
  ].join("\n");
}
