import type { FulfillmentOrder, FulfillmentOrderList } from "@fulfillkit/core";
import type { RequestOptions } from "./types";
import type { ListQuery } from "./validate";

type List = (query: ListQuery, options: RequestOptions) => Promise<FulfillmentOrderList>;
type Get = (orderId: number, options: RequestOptions) => Promise<FulfillmentOrder>;

/**
 * Pages by offset and limit, one page in memory, never following `next` links (so the key never
 * goes to another origin). Ends on an empty page, a page that repeats the previous one (a server
 * that ignores `offset`), or a short page at or past `total` (or with no `total` at all); the
 * offset only grows, so no offset is requested twice.
 */
export async function* pages(
  list: List,
  query: ListQuery,
  limit: number,
  signal?: AbortSignal,
): AsyncGenerator<FulfillmentOrder> {
  let offset = query.offset ?? 0;
  let previous = "";
  for (;;) {
    const { items, total } = await list({ ...query, offset, limit }, { signal });
    const ids = items.map((order) => order.id).join();
    if (!items.length || ids === previous) return;
    yield* items;
    previous = ids;
    offset += items.length;
    if (items.length < limit && !(offset < total)) return;
  }
}

/**
 * Every order that matched when the call began: the ids first (all pages, before anything can
 * move), then each order re-read just before it is yielded. Moving an order out of the filter
 * shifts no page, and each order comes once, so an order that cannot move does not come back.
 */
export async function* drain(
  list: List,
  get: Get,
  query: ListQuery,
  limit: number,
  signal?: AbortSignal,
): AsyncGenerator<FulfillmentOrder> {
  const ids: number[] = [];
  for await (const order of pages(list, query, limit, signal)) ids.push(order.id);
  for (const id of ids) {
    const order = await get(id, { signal });
    // Someone else moved it out of the filter meanwhile: it no longer matches.
    if (!query.status || query.status.includes(order.status)) yield order;
  }
}
