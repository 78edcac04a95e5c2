import { FULFILLMENT_STATUSES, FULFILLMENT_TYPES, TRANSACTION_TYPES } from "@fulfillkit/core";
import { byId, h, selectField } from "./dom";
import { type Filters, matchesFilters, state } from "./state";

/** Cards shown per column; the count always covers every order in the status. */
const CARDS_PER_COLUMN = 60;

function select(label: string, key: keyof Filters, options: readonly string[], onChange: () => void) {
  return selectField(
    `filter-${key}`,
    label,
    options.map((value) => [value, value] as const),
    (value) => {
      state.filters[key] = value as never;
      onChange();
    },
  );
}

export function renderFilters(onChange: () => void): void {
  byId("filters").replaceChildren(
    select("Kind", "kind", TRANSACTION_TYPES, onChange),
    select("Preorder", "preorder", ["yes", "no"], onChange),
    select("Fulfillment", "fulfillmentType", FULFILLMENT_TYPES, onChange),
    h(
      "label",
      { for: "filter-search" },
      "Search ",
      h("input", {
        id: "filter-search",
        type: "search",
        placeholder: "id, external id, customer",
        oninput: (event: Event) => {
          state.filters.search = (event.target as HTMLInputElement).value;
          onChange();
        },
      }),
    ),
  );
}

export function renderBoard(onSelect: (orderId: number) => void): void {
  const columns = FULFILLMENT_STATUSES.map((status) => {
    const all = state.orders.filter((order) => order.status === status);
    const shown = all.filter((order) => matchesFilters(order, state.filters));
    const filtered = shown.length !== all.length;
    return h(
      "section",
      { class: "column", "data-status": status, "aria-label": `${status}: ${all.length} orders` },
      h(
        "h3",
        {},
        status,
        " ",
        h(
          "span",
          { class: "count", "data-count": all.length },
          filtered ? `${shown.length} of ${all.length}` : String(all.length),
        ),
      ),
      h(
        "ul",
        {},
        shown.slice(0, CARDS_PER_COLUMN).map((order) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                class: order.id === state.selectedId ? "card selected" : "card",
                "data-order-id": order.id,
                "aria-pressed": order.id === state.selectedId ? "true" : "false",
                onclick: () => onSelect(order.id),
              },
              h("strong", {}, `#${order.id}`),
              ` ${order.transactionType}${order.isPreorder ? " · preorder" : ""}`,
              h("span", { class: "customer" }, order.customer?.name ?? ""),
            ),
            h(
              "a",
              { href: `#order=${order.id}`, class: "timeline-link", "aria-label": `Timeline of order ${order.id}` },
              "timeline",
            ),
          ),
        ),
      ),
      shown.length > CARDS_PER_COLUMN
        ? h("p", { class: "more" }, `${shown.length - CARDS_PER_COLUMN} more: narrow with the filters`)
        : null,
    );
  });
  byId("board").replaceChildren(...columns);
}
