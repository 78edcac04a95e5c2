import { type RunningPrism, startPrism } from "@fulfillkit/testing";
import { afterAll, beforeAll, expect } from "vitest";
import { type RunningSandbox, type SandboxControl, sandboxControl, startSandbox } from "../src/index";

export const KEY_A = "sandbox-key-provider-1";
export const KEY_B = "sandbox-key-provider-2";

/** A seeded sandbox behind `prism proxy --errors`, for the tests of one file. */
export function useSandboxBehindPrism(options: { orders?: number } = {}) {
  const env = {} as { sandbox: RunningSandbox; prism: RunningPrism };
  beforeAll(async () => {
    env.sandbox = await startSandbox({ seed: 7, orders: options.orders ?? 60 });
    env.prism = await startPrism({ mode: "proxy", upstream: env.sandbox.url, errors: true });
  }, 60_000);
  afterAll(async () => {
    await env.prism?.stop();
    await env.sandbox?.close();
  });

  async function api(
    method: string,
    path: string,
    { key = KEY_A, body }: { key?: string | null; body?: unknown } = {},
  ) {
    const headers: Record<string, string> = {};
    if (key !== null) headers["X-API-KEY"] = key;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${env.prism.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** The sandbox's own controls (not part of the vendor API, so not via Prism). */
  const control = () => sandboxControl(env.sandbox.url);
  const createOrder = (input: Parameters<SandboxControl["createOrder"]>[0]) => control().createOrder(input);

  async function transition(orderId: number, action: string, extra: Record<string, unknown> = {}, key = KEY_A) {
    return api("POST", `/v1/fulfillment/orders/${orderId}/transitions`, { key, body: { action, ...extra } });
  }

  async function statusOf(orderId: number): Promise<string> {
    return (await api("GET", `/v1/fulfillment/orders/${orderId}`)).body.status;
  }

  /**
   * Every violation Prism reported (`prism.violations()`: warnings too, any case) must be none.
   * Prism logs a request's lines before it answers it; one more request whose lines are in
   * proves every earlier line is too, without a sleep.
   */
  async function expectNoViolations() {
    const received = () => env.prism.output().split("Request received").length - 1;
    const before = received();
    await api("GET", "/v1/fulfillment/orders?limit=1");
    await expect.poll(received, { timeout: 10_000 }).toBe(before + 1);
    expect(env.prism.violations()).toEqual([]);
    expect((await control().requests()).undeclared).toEqual([]);
  }

  return { env, api, control, createOrder, transition, statusOf, expectNoViolations };
}
