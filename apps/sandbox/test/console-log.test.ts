import { describe, expect, test } from "vitest";
import type { RequestSummary } from "../console/api";
import { type LogFilters, matchesLogFilters } from "../console/log-filters";
import { curlFor } from "../console/snippets";

const entry = (over: Partial<RequestSummary>): RequestSummary => ({
  seq: 1,
  at: 0,
  providerId: 1,
  method: "GET",
  path: "/v1/fulfillment/orders/12",
  status: 200,
  latencyMs: 1,
  fault: null,
  requestVerdict: "ok",
  responseVerdict: "ok",
  reason: null,
  orderId: 12,
  transition: null,
  transitionVerdict: null,
  ...over,
});
const none: LogFilters = { method: "", status: "", orderId: "", verdict: "", transition: "", fault: "" };

describe("the log's filters", () => {
  test("by method, status class, order, verdict and fault", () => {
    const post = entry({ method: "POST", path: "/v1/fulfillment/orders/12/transitions", status: 409 });
    const failed = entry({ status: 503, fault: "503", responseVerdict: "injected fault (503)" });
    const dropped = entry({ status: "dropped", fault: "drop", path: "/v1/fulfillment/orders/120", orderId: 120 });
    const all = [entry({}), post, failed, dropped];
    const pick = (filters: Partial<LogFilters>) => all.filter((e) => matchesLogFilters(e, { ...none, ...filters }));
    expect(pick({})).toEqual(all);
    expect(pick({ method: "POST" })).toEqual([post]);
    expect(pick({ status: "4xx" })).toEqual([post]);
    expect(pick({ status: "dropped" })).toEqual([dropped]);
    expect(pick({ orderId: "12" })).toEqual([entry({}), post, failed]);
    expect(pick({ verdict: "not-ok" })).toEqual([failed]);
    expect(pick({ fault: "any" })).toEqual([failed, dropped]);
    expect(pick({ fault: "none" })).toEqual([entry({}), post]);
  });

  test("by the transition a POST made or was refused", () => {
    const made = entry({
      method: "POST",
      path: "/v1/fulfillment/orders/12/transitions",
      status: 204,
      transition: { from: "new", action: "process", to: "inprocess" },
      transitionVerdict: "made: new --process--> inprocess",
    });
    const refused = entry({
      method: "POST",
      path: "/v1/fulfillment/orders/12/transitions",
      status: 409,
      transitionVerdict:
        "refused: order 12 is new: dispatchDelivery is not possible from there; allowed now: process, cancel",
    });
    const list = entry({ path: "/v1/fulfillment/orders", orderId: null });
    const all = [made, refused, list];
    const pick = (filters: Partial<LogFilters>) => all.filter((e) => matchesLogFilters(e, { ...none, ...filters }));
    expect(pick({ transition: "made" })).toEqual([made]);
    expect(pick({ transition: "refused" })).toEqual([refused]);
    expect(pick({ transition: "none" })).toEqual([list]);
    expect(pick({ orderId: "12" })).toEqual([made, refused]);
    expect(pick({ orderId: "#12" })).toEqual([made, refused]);
  });
});

describe("copy as curl", () => {
  test("the key comes from the environment; a body is quoted for the shell", () => {
    expect(
      curlFor("http://127.0.0.1:4020", {
        method: "POST",
        path: "/v1/fulfillment/orders/1/transitions",
        requestBody: `{"action":"process","note":"it's"}`,
        maskedKey: "sand…-1",
      }),
    ).toBe(
      [
        `curl -X POST "http://127.0.0.1:4020/v1/fulfillment/orders/1/transitions" \\`,
        `  -H "X-API-KEY: $EQUIPME_API_KEY" \\`,
        `  -H "content-type: application/json" \\`,
        `  -d '{"action":"process","note":"it'\\''s"}'`,
      ].join("\n"),
    );
    expect(curlFor("http://h", { method: "GET", path: "/v1/x", requestBody: null, maskedKey: null })).toBe(
      `curl -X GET "http://h/v1/x"`,
    );
  });
});
