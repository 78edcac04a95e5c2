import { FULFILLMENT_ACTIONS, type FulfillmentOrder } from "@fulfillkit/core";
import { checkCustomerDeliveryRequest, checkTransition } from "@fulfillkit/transitions";
import { consoleApi, sendTransition } from "./api";
import { byId, h, say } from "./dom";
import { clientSnippet, curlSnippet } from "./snippets";
import { currentTenant, selectedOrder } from "./state";

function copyButton(label: string, text: string) {
  return h(
    "button",
    {
      class: "copy",
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(text);
          say(`Copied the ${label}.`);
        } catch {
          say(`Could not copy the ${label}: select the text and copy it.`);
        }
      },
    },
    `Copy ${label}`,
  );
}

function details(order: FulfillmentOrder) {
  const rows: [string, string][] = [
    ["Status", order.status],
    ["Kind", order.transactionType],
    ["Preorder", order.isPreorder ? "yes" : "no"],
    ["Fulfillment", order.fulfillmentType ?? "—"],
    ["External id", order.externalId ?? "—"],
    ["Customer", `${order.customer?.name ?? "—"} (${order.customer?.customerNumber ?? "—"})`],
    ["Service", order.service?.name ?? "—"],
    ["Sales order", order.order?.orderNumber ?? "—"],
  ];
  return h(
    "dl",
    { class: "details" },
    rows.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
  );
}

/**
 * The selected order: details, every provider action (allowed ones send the real transition;
 * refused ones show the validator's reason and send nothing), the code for each allowed one.
 */
/** The outcome of the last action, kept across the re-render that the action causes. */
let lastResult = { orderId: 0, text: "" };

export function renderPanel(onChanged: () => void): void {
  const panel = byId("panel");
  const order = selectedOrder();
  if (!order) {
    panel.replaceChildren(
      h("h2", { id: "panel-title" }, "Order"),
      h("p", { class: "hint" }, "Select an order on the board."),
    );
    return;
  }
  const checks = FULFILLMENT_ACTIONS.map((action) => ({ action, check: checkTransition(order, { action }) }));
  const origin = window.location.origin;
  const result = h("p", { id: "action-result", class: "result", role: "status" });
  if (lastResult.orderId === order.id) result.textContent = lastResult.text;
  const show = (text: string) => {
    lastResult = { orderId: order.id, text };
    result.textContent = text;
  };

  const actionButtons = checks.map(({ action, check }) =>
    h(
      "li",
      { class: check.ok ? "allowed" : "refused" },
      h(
        "button",
        {
          class: check.ok ? "action" : "action refused",
          "data-action": action,
          "aria-describedby": check.ok ? undefined : `reason-${action}`,
          onclick: async () => {
            if (!check.ok) {
              show(`${action} refused, nothing sent: ${check.reason}`);
              return;
            }
            const response = await sendTransition(currentTenant(), order.id, action);
            const text = await response.text();
            show(`${action}: ${response.status}${text ? ` ${text}` : ""}`);
            onChanged();
          },
        },
        check.ok ? `${action} → ${check.to}` : action,
      ),
      check.ok ? null : h("span", { class: "reason", id: `reason-${action}` }, check.reason),
    ),
  );

  const delivery = checkCustomerDeliveryRequest(order);
  const deliveryButton = delivery.ok
    ? h(
        "button",
        {
          class: "action customer",
          "data-action": "request-delivery",
          onclick: async () => {
            try {
              await consoleApi.requestDelivery(order.id);
              show(`The customer requested delivery: ${delivery.to}`);
            } catch (error) {
              show((error as Error).message);
            }
            onChanged();
          },
        },
        "Request delivery (as the customer)",
      )
    : null;

  const snippets = checks
    .filter(({ check }) => check.ok)
    .map(({ action }) => {
      const curl = curlSnippet(origin, order.id, action);
      const client = clientSnippet(origin, order.id, action, order.status);
      return h(
        "details",
        { class: "snippet" },
        h("summary", {}, `Code for ${action}`),
        h("pre", {}, curl),
        copyButton(`curl for ${action}`, curl),
        h("pre", {}, client),
        copyButton(`client call for ${action}`, client),
      );
    });

  const children = [
    h("h2", { id: "panel-title" }, `Order #${order.id}`),
    h("p", {}, h("a", { href: `#order=${order.id}`, id: "panel-timeline" }, `Timeline of order #${order.id}`)),
    details(order),
    h("h3", {}, "Actions"),
    h("ul", { class: "actions" }, actionButtons),
    deliveryButton,
    result,
    snippets.length > 0 ? h("h3", {}, "As code") : null,
    ...snippets,
  ];
  panel.replaceChildren(...children.filter((child) => child !== null));
}
