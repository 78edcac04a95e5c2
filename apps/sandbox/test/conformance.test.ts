import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  NO_FAULTS,
  type RunningSandbox,
  type SandboxControl,
  sandboxControl,
  startSandbox,
  VENDORED_SPEC_PATH,
} from "../src/index";

const KEY = "sandbox-key-provider-1";
const ORDERS = "/v1/fulfillment/orders";
let sandbox: RunningSandbox;
let control: SandboxControl;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5, orders: 40 });
  control = sandboxControl(sandbox.url);
});
afterAll(() => sandbox?.close());
// Every answer of every test here has a status the spec declares for its operation.
afterEach(async () => {
  expect((await control.requests()).undeclared).toEqual([]);
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${(headers.base ?? sandbox.url) as string}${path}`, {
    method,
    headers: {
      "x-api-key": KEY,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "base")),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe("requests are checked by the spec's schemas; a 400 names the parameter or field", () => {
  test.each([
    ["limit=0", "query parameter limit must be >= 1"],
    ["limit=1001", "query parameter limit must be <= 1000"],
    ["limit=ten", "query parameter limit must be integer"],
    ["sortBy=price", "query parameter sortBy must be one of customer, date"],
    ["sortOrder=up", "query parameter sortOrder must be one of asc, desc"],
    ["status=new&status=shipped", "query parameter status (value 2) must be one of new, inprocess"],
    ["status=new,inprocess", "query parameter status (value 1) must be one of"],
    ["transactionTypes=rent", "query parameter transactionTypes (value 1) must be one of order, return"],
    ["customers=acme", "query parameter customers (value 1) must be integer"],
    ["customers=3000000000", "query parameter customers (value 1) must be <= 2147483647"],
    ["after=2026-02-30T00:00:00Z", 'query parameter after must match format "date-time"'],
    ["before=2026-02-28T24:00:00Z", 'query parameter before must match format "date-time"'],
    ["statuses=new", "query parameter statuses is not a parameter of this operation"],
  ])("GET list ?%s", async (query, description) => {
    const answer = await call("GET", `${ORDERS}?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errorCode: "invalid-query", data: null });
    expect(answer.body.errorDescription).toContain(description);
  });

  test("a negative offset is no error (the spec sets no minimum): the page starts at the first order", async () => {
    const fromStart = await call("GET", `${ORDERS}?limit=5`);
    const negative = await call("GET", `${ORDERS}?limit=5&offset=-3`);
    expect(negative.status).toBe(200);
    expect(negative.body.items).toEqual(fromStart.body.items);
    expect(negative.body.total).toBe(fromStart.body.total);
  });

  test("a path parameter that is not an integer", async () => {
    expect(await call("GET", `${ORDERS}/abc`)).toEqual({
      status: 400,
      body: {
        errorCode: "invalid-path-parameter",
        errorDescription: "path parameter orderId must be integer",
        data: null,
      },
    });
  });

  test.each([
    ["PUT", "", { externalId: "x".repeat(101) }, "body.externalId must NOT have more than 100 characters"],
    ["PUT", "", { externalId: 5 }, "body.externalId must be string,null"],
    ["PUT", "", { externalId: "a", status: "processed" }, "body.status is not allowed"],
    ["PUT", "", [1], "body must be object"],
    ["PATCH", "", { op: "replace" }, "body must be array"],
    ["PATCH", "", [{ op: "replace", path: "/externalId", value: "a", note: 1 }], "body[0].note is not allowed"],
    ["POST", "/transitions", { action: "ship" }, "body.action must be one of process, dispatchDelivery"],
    ["POST", "/transitions", {}, "body.action is required"],
    [
      "POST",
      "/transitions",
      { action: "complete", activationDate: "2026-02-30T00:00:00Z" },
      'body.activationDate must match format "date-time"',
    ],
  ])("%s%s %j", async (method, suffix, body, description) => {
    const { id } = await control.createOrder({});
    const answer = await call(method, `${ORDERS}/${id}${suffix}`, body);
    expect(answer).toMatchObject({ status: 400, body: { errorCode: "invalid-body", data: null } });
    expect(answer.body.errorDescription).toContain(description);
    expect(sandbox.store.orders.get(id)?.order.status).toBe("new");
  });

  test("a value the schema allows but PATCH does not support is a 400 too: another path, the externalId rule", async () => {
    const { id } = await control.createOrder({});
    const other = await call("PATCH", `${ORDERS}/${id}`, [{ op: "replace", path: "/status", value: "processed" }]);
    expect(other).toMatchObject({ status: 400, body: { errorCode: "invalid-patch" } });
    expect(other.body.errorDescription).toContain("only /externalId can be patched");
    const long = await call("PATCH", `${ORDERS}/${id}`, [{ op: "add", path: "/externalId", value: "x".repeat(101) }]);
    expect(long.body.errorDescription).toBe(
      "body[0]: value must NOT have more than 100 characters (the rule of externalId)",
    );
  });
});

describe("only the statuses the spec declares", () => {
  test("a failed PATCH test op is a 400 and changes nothing (PATCH declares no 409)", async () => {
    const { id } = await control.createOrder({});
    await call("PUT", `${ORDERS}/${id}`, { externalId: "ERP-1" });
    const failed = await call("PATCH", `${ORDERS}/${id}`, [
      { op: "test", path: "/externalId", value: "ERP-2" },
      { op: "replace", path: "/externalId", value: "ERP-3" },
    ]);
    expect(failed).toEqual({
      status: 400,
      body: { errorCode: "test-failed", errorDescription: 'body[0]: test failed: externalId is "ERP-1"', data: null },
    });
    expect(sandbox.store.orders.get(id)?.order.externalId).toBe("ERP-1");
  });

  test("a missing order and another provider's are the same 403, for every operation", async () => {
    const foreign = await control.createOrder({ providerId: 2 });
    const missing = foreign.id + 10_000;
    for (const [method, suffix, body] of [
      ["GET", "", undefined],
      ["PUT", "", { externalId: "x" }],
      ["PATCH", "", [{ op: "remove", path: "/externalId" }]],
      ["POST", "/transitions", { action: "cancel" }],
    ] as const) {
      const answers = await Promise.all(
        [foreign.id, missing].map((id) => call(method, `${ORDERS}/${id}${suffix}`, body)),
      );
      for (const [index, id] of [foreign.id, missing].entries()) {
        expect(answers[index]).toEqual({
          status: 403,
          body: {
            errorCode: "forbidden",
            errorDescription: `order ${id}: access denied, or the order does not exist (anymore)`,
            data: null,
          },
        });
      }
    }
  });
});

describe("repeated query parameters are arrays (style form, explode); a comma is part of a value", () => {
  test("externalIds=A%2CB finds the order whose externalId is A,B; A and B repeated do not", async () => {
    const { id } = await control.createOrder({});
    await call("PUT", `${ORDERS}/${id}`, { externalId: "A,B" });
    const ids = async (query: string) =>
      (await call("GET", `${ORDERS}?${query}`)).body.items.map((order: { id: number }) => order.id);
    expect(await ids("externalIds=A%2CB")).toEqual([id]);
    expect(await ids("externalIds=A&externalIds=B")).toEqual([]);
    expect(await ids("externalIds=nope&externalIds=A%2CB")).toEqual([id]);
  });

  test("status repeated filters by each value", async () => {
    const { body } = await call("GET", `${ORDERS}?status=new&status=cancelled&limit=1000`);
    expect(body.items.length).toBeGreaterThan(0);
    expect(new Set(body.items.map((order: { status: string }) => order.status))).toEqual(new Set(["new", "cancelled"]));
  });
});

describe("the /_sandbox controls validate their bodies the same way", () => {
  test.each([
    ["POST", "/reset", { seed: "abc" }, "body.seed must be integer"],
    ["POST", "/reset", { orders: -1 }, "body.orders must be >= 0"],
    ["POST", "/reset", { seeds: 1 }, "body.seeds is not allowed"],
    ["POST", "/orders", { status: "shipped" }, "body.status must be one of new, inprocess"],
    ["POST", "/orders", { providerId: 3 }, "body.providerId must be one of 1, 2"],
    ["POST", "/orders", { externalId: "x" }, "body.externalId is not allowed"],
    ["PUT", "/faults", { rate503: 0.1, rate502: 0.1 }, "body.rate502 is not allowed"],
  ])("%s /_sandbox%s %j", async (method, path, body, description) => {
    const answer = await call(method, `/_sandbox${path}`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.errorDescription).toContain(description);
  });

  test("reset restores every default: faults (all of them), seed, orders, log, counts", async () => {
    await control.reset({ seed: 9, orders: 3 });
    await control.setFaults({
      rate503: 0.01,
      rate429: 0.01,
      rateDrop: 0.01,
      rateSlowApply: 0.01,
      rate504AfterApply: 0.01,
      latencyMs: 1,
      slowApplyMs: 7,
      retryAfterSeconds: 9,
      seed: 99,
    });
    await call("GET", `${ORDERS}/1`);
    expect(await control.reset()).toEqual({ seed: 5, orders: 40 });
    expect(await (await fetch(`${sandbox.url}/_sandbox/faults`)).json()).toEqual(NO_FAULTS);
    expect(await control.requests()).toEqual({ total: 0, byRoute: {}, byFault: {}, faulted: [], undeclared: [] });
    expect(await control.log()).toEqual([]);
  });

  test("413 and 415 have codes of their own", async () => {
    const big = await call("POST", "/_sandbox/reset", JSON.stringify({ pad: "x".repeat(2_000_000) }));
    expect(big).toMatchObject({ status: 413, body: { errorCode: "payload-too-large" } });
    const text = await call("POST", `${ORDERS}/1/transitions`, "<action>process</action>", {
      "content-type": "application/xml",
    });
    expect(text).toMatchObject({ status: 415, body: { errorCode: "unsupported-media-type" } });
    const plain = await call("POST", `${ORDERS}/1/transitions`, "process", { "content-type": "text/plain" });
    expect(plain).toMatchObject({ status: 415, body: { errorCode: "unsupported-media-type" } });
  });
});

describe("a new query parameter in the spec needs no edit in the sandbox", () => {
  let dir: string;
  let edited: RunningSandbox;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sandbox-spec-"));
    const spec = JSON.parse(readFileSync(VENDORED_SPEC_PATH, "utf8"));
    spec.paths[ORDERS].get.parameters.push({
      name: "region",
      in: "query",
      description: "Filter by region.",
      schema: { type: "string", enum: ["eu", "us"] },
    });
    // A new enum value and a tighter limit.
    spec.components.schemas.FulfillmentStatus.enum.push("on-hold");
    spec.components.schemas.FulfillmentOrderUpdate.properties.externalId.maxLength = 50;
    // And one status less: GET one declares no 403 here (the check of undeclared answers).
    delete spec.paths[`${ORDERS}/{orderId}`].get.responses["403"];
    writeFileSync(join(dir, "spec.json"), JSON.stringify(spec));
    edited = await startSandbox({ specPath: join(dir, "spec.json"), orders: 5 });
  });
  afterAll(async () => {
    await edited?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("an invalid value is a 400 naming it, a valid one is accepted; the vendored spec does not know it", async () => {
    const invalid = await call("GET", `${ORDERS}?region=mars`, undefined, { base: edited.url });
    expect(invalid).toEqual({
      status: 400,
      body: {
        errorCode: "invalid-query",
        errorDescription: "query parameter region must be one of eu, us",
        data: null,
      },
    });
    expect((await call("GET", `${ORDERS}?region=eu`, undefined, { base: edited.url })).status).toBe(200);
    expect((await call("GET", `${ORDERS}?region=eu`)).body.errorDescription).toBe(
      "query parameter region is not a parameter of this operation",
    );
  });

  test("a new enum value is accepted and a tighter maxLength enforced, with no edit either", async () => {
    expect((await call("GET", `${ORDERS}?status=on-hold`, undefined, { base: edited.url })).status).toBe(200);
    expect((await call("GET", `${ORDERS}?status=on-hold`)).status).toBe(400);
    const put = await call("PUT", `${ORDERS}/1`, { externalId: "x".repeat(60) }, { base: edited.url });
    expect(put.body.errorDescription).toBe("body.externalId must NOT have more than 50 characters");
    const patch = [{ op: "replace", path: "/externalId", value: "x".repeat(60) }];
    expect((await call("PATCH", `${ORDERS}/1`, patch, { base: edited.url })).status).toBe(400);
    expect((await call("PUT", `${ORDERS}/1`, { externalId: "x".repeat(60) })).status).toBe(204);
  });

  test("an answer with a status the spec does not declare is recorded in /_sandbox/requests", async () => {
    expect((await call("GET", `${ORDERS}/999`, undefined, { base: edited.url })).status).toBe(403);
    expect((await sandboxControl(edited.url).requests()).undeclared).toEqual([
      { requestId: expect.any(Number), method: "GET", url: `${ORDERS}/999`, status: 403 },
    ]);
  });

  test("the CLI takes the same copy with --spec", async () => {
    const cli = spawn(
      process.execPath,
      [
        createRequire(import.meta.url).resolve("tsx/cli"),
        "src/cli.ts",
        "--port",
        "0",
        "--orders",
        "3",
        "--spec",
        join(dir, "spec.json"),
      ],
      { cwd: fileURLToPath(new URL("..", import.meta.url)), stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      let output = "";
      cli.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      await expect.poll(() => /listening on (\S+)/.exec(output)?.[1], { timeout: 30_000 }).toBeDefined();
      const url = /listening on (\S+)/.exec(output)?.[1] ?? "";
      expect((await call("GET", `${ORDERS}?region=mars`, undefined, { base: url })).body.errorDescription).toBe(
        "query parameter region must be one of eu, us",
      );
    } finally {
      cli.kill("SIGTERM");
      await once(cli, "exit");
    }
  });
});
