import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Handler = (request: RecordedRequest, response: ServerResponse, index: number) => void;

/** A loopback HTTP server whose every answer a test scripts: statuses, delays, resets. */
export async function startFaultServer(handler: Handler) {
  const requests: RecordedRequest[] = [];
  let current = handler;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(recorded);
      current(recorded, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next: Handler) {
      current = next;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, body === undefined ? headers : { "content-type": "application/json", ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};

/** Destroys the socket without an answer: the client sees a reset. */
export const reset = (res: ServerResponse) => res.socket?.destroy();

export const order = (id: number, status = "new") => ({
  id,
  status,
  transactionType: "order",
  offer: {
    id: 1,
    type: "rental",
    purchasePrice: 0,
    recurringPrice: 10,
    currency: "EUR",
    subscriptionPeriod: 24,
    self: { href: "/o/1" },
  },
  service: { id: 1, name: "Laptop", self: { href: "/s/1" } },
  order: { id: 1, orderNumber: "SO-1", created: "2026-11-01T10:00:00Z", self: { href: "/so/1" } },
  customer: { id: 1, name: "ACME", self: { href: "/c/1" } },
  orderedBy: { id: 1, self: { href: "/e/1" } },
  self: { href: `/v1/fulfillment/orders/${id}` },
});
