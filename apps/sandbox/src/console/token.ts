import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";

export const TOKEN_HEADER = "x-sandbox-token";
const COOKIE = "sandbox-token";

/** Loopback addresses: only this machine can reach them, so the console needs no token there. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export const newToken = (): string => randomBytes(18).toString("base64url");

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function fromCookie(header: string | undefined): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [name, ...value] = part.trim().split("=");
    if (name === COOKIE) return value.join("=");
  }
  return undefined;
}

/**
 * Every `/_sandbox` control and the console need `token`: in the `X-Sandbox-Token` header, as
 * `?token=` (which also sets a same-site cookie, so the console's own requests carry it) or in
 * that cookie. The vendor API keeps its own guard, the API key.
 */
export function guardWithToken(app: FastifyInstance, token: string): void {
  app.addHook("onRequest", async (request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    if (path !== "/" && !path.startsWith("/_sandbox")) return;
    const header = request.headers[TOKEN_HEADER];
    if (sameToken(typeof header === "string" ? header : undefined, token)) return;
    if (sameToken(fromCookie(request.headers.cookie), token)) return;
    const query = (request.query as { token?: unknown } | undefined)?.token;
    if (sameToken(typeof query === "string" ? query : undefined, token)) {
      reply.header("set-cookie", `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`);
      return;
    }
    return reply.code(401).send({
      errorCode: "token-required",
      errorDescription:
        "this sandbox listens beyond loopback: send the token `pnpm sandbox` printed, as ?token=… or the X-Sandbox-Token header",
      data: null,
    });
  });
}
