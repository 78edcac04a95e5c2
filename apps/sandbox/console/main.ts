import "./style.css";
import { allowedActions, checkCustomerDeliveryRequest, nextStatus } from "@fulfillkit/transitions";
import { consoleApi, type LogPage } from "./api";
import { renderBoard, renderFilters } from "./board";
import { renderControls } from "./controls";
import { refreshCoverage } from "./coverage";
import { drawFlow } from "./diagram";
import { say } from "./dom";
import { addEntries, renderLog, setUpLogTools } from "./log";
import { renderPanel } from "./panel";
import { selectedOrder, state } from "./state";
import { orderInHash, refreshTimeline, showTimeline } from "./timeline";

async function loadOrders(): Promise<void> {
  if (!state.tenant) return;
  state.orders = await consoleApi.orders(state.tenant.providerId);
  void refreshCoverage();
  if (state.selectedId !== undefined && !selectedOrder()) state.selectedId = undefined;
  renderAll();
}

let drawn = "";
function renderAll(): void {
  renderBoard(select);
  renderPanel(() => void loadOrders());
  const order = selectedOrder();
  const next = order
    ? [
        ...allowedActions(order).map((action) => nextStatus(order, action) ?? ""),
        ...(checkCustomerDeliveryRequest(order).ok ? ["delivery-requested-outbound"] : []),
      ]
    : [];
  const key = `${order?.status}|${next.join(",")}`;
  if (key !== drawn) {
    drawn = key;
    drawFlow(order?.status, next).catch((error: Error) => say(`The flow picture failed: ${error.message}`));
  }
}

function select(orderId: number): void {
  state.selectedId = orderId;
  renderAll();
}

async function switchTenant(providerId: number): Promise<void> {
  state.tenant = state.tenants.find((tenant) => tenant.providerId === providerId);
  state.selectedId = undefined;
  await loadOrders();
  say(`Tenant: ${state.tenant?.providerName}`);
}

/** Server-sent events: new log entries, and `changed` when the orders may have moved. */
function listen(): void {
  const events = new EventSource("/_sandbox/console/events");
  events.addEventListener("requests", (event) => {
    addEntries(JSON.parse((event as MessageEvent<string>).data) as LogPage);
    renderLog();
    void refreshCoverage();
    void refreshTimeline();
  });
  events.addEventListener("changed", () => {
    void loadOrders();
    void refreshTimeline();
  });
}

async function start(): Promise<void> {
  state.tenants = await consoleApi.tenants();
  state.tenant = state.tenants[0];
  await renderControls(
    (providerId) => void switchTenant(providerId),
    () => {
      state.log = [];
      renderLog();
      void loadOrders();
    },
  );
  renderFilters(renderAll);
  setUpLogTools();
  addEntries(await consoleApi.requests());
  renderLog();
  await loadOrders();
  window.addEventListener("hashchange", () => void showTimeline(orderInHash(location.hash), true));
  // A link to the timeline already open changes no hash: bring the timeline back into view.
  document.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest?.('a[href^="#order="]');
    if (link && link.getAttribute("href") === location.hash) void showTimeline(orderInHash(location.hash), true);
  });
  await showTimeline(orderInHash(location.hash), location.hash !== "");
  listen();
  document.body.dataset.ready = "true";
}

start().catch((error: Error) => say(`The console failed to start: ${error.message}`));
