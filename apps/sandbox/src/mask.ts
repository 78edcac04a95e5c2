import type { IncomingHttpHeaders } from "node:http";

/** Shows the first 4 characters and the last 2 of a key, never the whole key. */
export function maskKey(key: string): string {
  return key.length <= 8 ? "•".repeat(key.length) : `${key.slice(0, 4)}…${key.slice(-2)}`;
}

/**
 * `text` with every copy of each of `keys` masked: a key put into a URL by mistake (`?apiKey=…`)
 * must not reach a log line or an error answer whole.
 */
export function maskKeysIn(text: string, keys: Iterable<string | undefined>): string {
  let masked = text;
  for (const key of keys) if (key && masked.includes(key)) masked = masked.replaceAll(key, maskKey(key));
  return masked;
}

/** The `X-API-KEY` header a request sent, when it is one value (a repeated header is none). */
export function sentKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers["x-api-key"];
  return typeof header === "string" ? header : undefined;
}
