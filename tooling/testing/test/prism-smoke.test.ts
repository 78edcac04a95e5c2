import type { ErrorResponse, FulfillmentOrderList } from "@fulfillkit/core";
import { describe, expect, test } from "vitest";
import { startPrism } from "../src/prism";
import { usePrism } from "../src/use-prism";

const mock = usePrism();
const ORDERS = "/v1/fulfillment/orders";

describe("prism mock on the vendored spec", () => {
  test("GET /v1/fulfillment/orders with X-API-KEY answers 200 with an order list", async () => {
    const response = await fetch(`${mock.url}${ORDERS}`, { headers: { "X-API-KEY": "test-key" } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as FulfillmentOrderList;
    expect(Array.isArray(body.items)).toBe(true);
    expect(typeof body.total).toBe("number");
  });

  test("GET /v1/fulfillment/orders without X-API-KEY answers 401", async () => {
    const response = await fetch(`${mock.url}${ORDERS}`);
    expect(response.status).toBe(401);
    expect(response.headers.get("sl-violations")).toContain("Invalid security scheme");
  });

  test("a transition with an unknown action is Prism's validation error", async () => {
    const response = await fetch(`${mock.url}${ORDERS}/42/transitions`, {
      method: "POST",
      headers: { "X-API-KEY": "test-key", "content-type": "application/json" },
      body: JSON.stringify({ action: "ship" }),
    });
    expect(response.status).toBe(400);
    const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as Array<{
      path?: string;
      location: string[];
      code: string;
    }>;
    expect(violations).toContainEqual(
      expect.objectContaining({ location: ["request", "body", "action"], code: "enum" }),
    );
    const body = (await response.json()) as ErrorResponse;
    expect(body).toHaveProperty("errorCode");
  });

  test("a known action is accepted with 204", async () => {
    const response = await fetch(`${mock.url}${ORDERS}/42/transitions`, {
      method: "POST",
      headers: { "X-API-KEY": "test-key", "content-type": "application/json" },
      body: JSON.stringify({ action: "process" }),
    });
    expect(response.status).toBe(204);
  });
});

describe("startPrism lifecycle", () => {
  test("stop() ends the process and frees the port", async () => {
    const prism = await startPrism();
    const ok = await fetch(`${prism.url}${ORDERS}`, { headers: { "X-API-KEY": "k" } });
    expect(ok.status).toBe(200);
    await prism.stop();
    await expect(fetch(`${prism.url}${ORDERS}`)).rejects.toThrow();
  });

  test("a spec that does not exist fails with Prism's output instead of hanging", async () => {
    await expect(startPrism({ spec: "/nonexistent/spec.json", startTimeoutMs: 15_000 })).rejects.toThrow(
      /Prism did not start/,
    );
  });
});
