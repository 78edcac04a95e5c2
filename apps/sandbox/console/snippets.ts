/** What an integration would send for `action`, ready to copy; the key comes from the environment. */
export function curlSnippet(origin: string, orderId: number, action: string): string {
  return [
    `curl -X POST "${origin}/v1/fulfillment/orders/${orderId}/transitions" \\`,
    `  -H "X-API-KEY: $EQUIPME_API_KEY" -H "content-type: application/json" \\`,
    `  -d '{"action":"${action}"}'`,
  ].join("\n");
}

export function clientSnippet(origin: string, orderId: number, action: string, from: string): string {
  return [
    `import { createFulfillmentClient } from "@fulfillkit/client";`,
    ``,
    `const client = createFulfillmentClient({ baseUrl: "${origin}", apiKey: process.env.EQUIPME_API_KEY });`,
    `await client.orders.transition(${orderId}, "${action}", { from: "${from}" });`,
  ].join("\n");
}

/** A logged request as `curl`, the key from the environment (the log never holds it). */
export function curlFor(
  origin: string,
  entry: { method: string; path: string; requestBody: string | null; maskedKey: string | null },
): string {
  const parts = [`curl -X ${entry.method} "${origin}${entry.path}"`];
  if (entry.maskedKey !== null) parts.push(`-H "X-API-KEY: $EQUIPME_API_KEY"`);
  if (entry.requestBody !== null) {
    parts.push(`-H "content-type: application/json"`, `-d '${entry.requestBody.replaceAll("'", "'\\''")}'`);
  }
  return parts.join(" \\\n  ");
}
