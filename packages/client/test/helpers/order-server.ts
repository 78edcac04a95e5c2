import type { ServerResponse } from "node:http";
import { json, order, type RecordedRequest, startFaultServer } from "./fault-server";

// A few rows of the flow, enough to move orders and to see an action applied twice.
const FLOW: Record<string, Record<string, string>> = {
  process: { new: "inprocess", inprocess: "ready-for-delivery" },
  processReturnedItem: { "delivery-returned-outbound": "inprocess" },
  cancel: { new: "cancelled", inprocess: "cancelled" },
};

export interface Applied {
  orderId: number;
  action: string;
  from: string;
  to: string;
}

export interface OrderServerOptions {
  /** Milliseconds to hold the n-th POST (0-based) before applying it and answering; `undefined`: at once. */
  holdPost?: (index: number) => number | undefined;
}

/**
 * A stateful loopback API: orders in memory, transitions applied by a small flow table (409 when
 * refused), lists filtered by status and paged by offset/limit, and a log of what was applied.
 */
export async function startOrderServer(statuses: Record<number, string>, options: OrderServerOptions = {}) {
  const state = new Map(Object.entries(statuses).map(([id, status]) => [Number(id), status]));
  const applied: Applied[] = [];
  let posts = 0;

  const apply = (orderId: number, action: string, res: ServerResponse) => {
    const from = state.get(orderId) ?? "";
    const to = FLOW[action]?.[from];
    if (!to) return json(res, 409, { errorCode: "not-allowed", errorDescription: `${action} from ${from}` });
    state.set(orderId, to);
    applied.push({ orderId, action, from, to });
    json(res, 204);
  };

  const handle = (req: RecordedRequest, res: ServerResponse) => {
    const url = new URL(req.url, "http://loopback");
    const [, id, transitions] = /^\/v1\/fulfillment\/orders(?:\/(\d+))?(\/transitions)?$/.exec(url.pathname) ?? [];
    const orderId = Number(id);
    if (req.method === "POST" && transitions) {
      const { action } = JSON.parse(req.body) as { action: string };
      const hold = options.holdPost?.(posts++);
      if (hold === undefined) return apply(orderId, action, res);
      // The answer may be written to a socket the client has already given up on: it is lost.
      setTimeout(() => apply(orderId, action, res), hold);
      return;
    }
    if (req.method === "GET" && id) {
      const status = state.get(orderId);
      return status ? json(res, 200, order(orderId, status)) : json(res, 404, { errorCode: "not-found" });
    }
    if (req.method === "GET") {
      const wanted = url.searchParams.getAll("status");
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const matching = [...state].filter(([, status]) => wanted.length === 0 || wanted.includes(status));
      const items = matching.slice(offset, offset + limit).map(([orderId, status]) => order(orderId, status));
      return json(res, 200, { items, total: matching.length, self: { href: req.url } });
    }
    json(res, 405);
  };

  const server = await startFaultServer(handle);
  return { ...server, state, applied };
}

/** `count` orders from `firstId` on, all in `status`. */
export const ordersIn = (status: string, count: number, firstId = 1): Record<number, string> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [firstId + i, status]));
