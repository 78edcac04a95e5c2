import { OPERATIONS, type OperationRules, type Rule } from "@fulfillkit/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RequestEntry, type RunningSandbox, startSandbox } from "../src/index";

const KEY_A = "sandbox-key-provider-1";
let sandbox: RunningSandbox;
let orderId: number;

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 30, seed: 3, requestLogSize: 5_000 });
  const list = await send("GET", "/v1/fulfillment/orders?limit=1");
  orderId = ((await list.json()) as { items: { id: number }[] }).items[0]?.id ?? 0;
}, 60_000);
afterAll(async () => sandbox?.close());

function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${sandbox.url}${path}`, {
    method,
    headers: { "X-API-KEY": KEY_A, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function newest(): Promise<RequestEntry> {
  const response = await fetch(`${sandbox.url}/_sandbox/console/requests?limit=1`);
  const [entry] = ((await response.json()) as { entries: RequestEntry[] }).entries;
  if (!entry) throw new Error("the request log is empty");
  return entry;
}

interface Case {
  operation: string;
  /** Where the bad value goes: a query parameter, the path's parameter, or a body field. */
  subject: string;
  value: unknown;
  rule: string;
  fromSpec?: boolean;
}

/** One value per rule the spec states for a property, each breaking that rule alone. */
function violationsOf(rule: Rule): { value: unknown; rule: string }[] {
  const cases: { value: unknown; rule: string }[] = [];
  const nullable = rule.nullable ? ", nullable" : "";
  if (rule.enum) cases.push({ value: "not-in-the-spec", rule: `enum ${rule.enum.join(", ")}` });
  if (rule.type === "integer") {
    cases.push({ value: "abc", rule: `type integer${nullable}` });
    if (rule.maximum !== undefined) cases.push({ value: rule.maximum + 1, rule: `maximum ${rule.maximum}` });
    else if (rule.format === "int32") cases.push({ value: 2 ** 31, rule: "format int32" });
    if (rule.minimum !== undefined) cases.push({ value: rule.minimum - 1, rule: `minimum ${rule.minimum}` });
  }
  if (rule.format === "date-time") cases.push({ value: "yesterday", rule: "format date-time" });
  if (rule.maxLength !== undefined)
    cases.push({ value: "x".repeat(rule.maxLength + 1), rule: `maxLength ${rule.maxLength}` });
  if (rule.minLength !== undefined && rule.minLength > 0)
    cases.push({ value: "", rule: `minLength ${rule.minLength}` });
  return cases;
}

/** Every constrained parameter and body field of every operation of the spec, by the rules `@fulfillkit/core` generates from it. */
function sweep(): Case[] {
  const cases: Case[] = [];
  for (const [operation, rules] of Object.entries(OPERATIONS) as [string, OperationRules][]) {
    for (const [name, rule] of Object.entries(rules.query?.properties ?? {})) {
      for (const bad of violationsOf(rule.items ?? rule))
        cases.push({ operation, subject: `query parameter ${name}`, ...bad });
    }
    if (rules.query?.additionalProperties === false) {
      cases.push({
        operation,
        subject: "query parameter noSuchFilter",
        value: "x",
        rule: "not a parameter of this operation",
        fromSpec: false,
      });
    }
    for (const [name, rule] of Object.entries(rules.path?.properties ?? {})) {
      // A path segment is text: only the rules text can break apply.
      for (const bad of violationsOf(rule).filter(({ value }) => typeof value === "string")) {
        cases.push({ operation, subject: `path parameter ${name}`, ...bad });
      }
    }
    const body = rules.body;
    if (!body) continue;
    const fields = body.type === "array" ? body.items : body;
    const prefix = body.type === "array" ? "body[0]" : "body";
    for (const [name, rule] of Object.entries(fields?.properties ?? {})) {
      const bad = violationsOf(rule);
      if (rule.type === "string") bad.push({ value: 5, rule: `type string${rule.nullable ? ", nullable" : ""}` });
      for (const one of bad) cases.push({ operation, subject: `${prefix}.${name}`, ...one });
    }
    for (const name of fields?.required ?? [])
      cases.push({ operation, subject: `${prefix}.${name}`, value: undefined, rule: "required" });
    if (fields?.additionalProperties === false) {
      cases.push({ operation, subject: `${prefix}.noSuchField`, value: 1, rule: "additionalProperties false" });
    }
    if (body.type === "array") cases.push({ operation, subject: "body", value: {}, rule: "type array" });
  }
  return cases;
}

/** A request that is valid but for the one value of `bad`. */
function requestFor(bad: Case): { method: string; path: string; body?: unknown } {
  const [method = "", template = ""] = bad.operation.split(" ");
  const rules = (OPERATIONS as Record<string, OperationRules>)[bad.operation];
  const [, where, name = ""] = /^(query parameter|path parameter|body(?:\[0\])?)[ .]?(.*)$/.exec(bad.subject) ?? [];
  const id = where === "path parameter" ? String(bad.value) : String(orderId);
  let path = template.replace(/\{\w+\}/, encodeURIComponent(id));
  if (where === "query parameter") path += `?${new URLSearchParams({ [name]: String(bad.value) })}`;
  if (!rules?.body) return { method, path };
  const fields = rules.body.type === "array" ? rules.body.items : rules.body;
  // The required fields with a value the spec allows: the first of an enum.
  const valid: Record<string, unknown> = {};
  for (const field of fields?.required ?? []) valid[field] = fields?.properties?.[field]?.enum?.[0] ?? "a";
  if (name && where?.startsWith("body")) {
    if (bad.rule === "required") delete valid[name];
    else valid[name] = bad.value;
  }
  if (bad.subject === "body") return { method, path, body: bad.value };
  return { method, path, body: rules.body.type === "array" ? [valid] : valid };
}

const shownValue = (bad: Case) => (bad.subject.startsWith("body") ? JSON.stringify(bad.value) : String(bad.value));

describe("a 400's verdict names the parameter or field, the value sent and the spec's rule", () => {
  const cases = sweep();

  test("the sweep covers every operation and each kind of rule the spec states", () => {
    const operations = new Set(cases.map(({ operation }) => operation));
    expect([...operations].sort()).toEqual(Object.keys(OPERATIONS).sort());
    const kinds = new Set(cases.map(({ rule }) => rule.split(" ")[0]));
    for (const kind of [
      "maximum",
      "minimum",
      "maxLength",
      "enum",
      "format",
      "type",
      "required",
      "additionalProperties",
      "not",
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  test.each(cases.map((bad) => [`${bad.operation}: ${bad.subject} → ${bad.rule}`, bad] as const))(
    "%s",
    async (_name, bad) => {
      const { method, path, body } = requestFor(bad);
      const response = await send(method, path, body);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { errorCode: string; errorDescription: string };
      // The answer stays the spec's ErrorResponse, naming the same parameter or field.
      expect(answer.errorDescription).toContain(
        bad.subject.replace("query parameter ", "").replace("path parameter ", ""),
      );
      const breaks = bad.fromSpec === false ? bad.rule : `breaks the spec's rule ${bad.rule}`;
      const { requestVerdict, path: logged } = await newest();
      expect(logged).toBe(path);
      const shown = shownValue(bad);
      if (bad.value === undefined) expect(requestVerdict).toBe(`invalid: ${bad.subject} is missing: ${breaks}`);
      else if (shown.length <= 40) expect(requestVerdict).toBe(`invalid: ${bad.subject} = ${shown}: ${breaks}`);
      else {
        // A long value is cut, its length said.
        expect(requestVerdict).toBe(
          `invalid: ${bad.subject} = ${shown.slice(0, 40)}… (${String(bad.value).length} characters): ${breaks}`,
        );
      }
    },
  );

  test("the API key sent inside a value is masked in the verdict", async () => {
    await send("POST", `/v1/fulfillment/orders/${orderId}/transitions`, { action: "process", note: KEY_A });
    expect((await newest()).requestVerdict).toBe(
      `invalid: body.note = "sand…-1": breaks the spec's rule additionalProperties false`,
    );
  });

  test("a key put into the URL (the one sent, or another tenant's) is masked in the log and the 404", async () => {
    const KEY_B = "sandbox-key-provider-2";
    const keys = sandbox.providers.map((provider) => provider.apiKey);
    expect(keys).toEqual(expect.arrayContaining([KEY_A, KEY_B]));
    const wrongPath = await send("GET", `/v1/fulfilment/orders?apiKey=${KEY_A}&other=${KEY_B}`);
    const answer = JSON.stringify(await wrongPath.json());
    await send("GET", `/v1/fulfillment/orders?status=${KEY_B}`);
    const [badQuery, nearMiss] = (
      (await (await fetch(`${sandbox.url}/_sandbox/console/requests?limit=2`)).json()) as {
        entries: RequestEntry[];
      }
    ).entries;
    const seen = [answer, JSON.stringify(nearMiss), JSON.stringify(badQuery)];
    for (const text of seen) for (const key of keys) expect(text).not.toContain(key);
    expect(nearMiss?.path).toBe("/v1/fulfilment/orders?apiKey=sand…-1&other=sand…-2");
    expect(answer).toContain("no route GET /v1/fulfilment/orders?apiKey=sand…-1&other=sand…-2; closest operation");
    expect(badQuery?.requestVerdict).toContain("query parameter status");
    expect(badQuery?.requestVerdict).toContain("sand…-2");
  });

  test.each([
    ["PATCH", "", [{ op: "replace", path: "/status", value: "processed" }], "only /externalId can be patched"],
    ["POST", "/transitions", { action: "process", activationDate: "2026-01-01T00:00:00Z" }, "activationDate"],
  ])(
    "a 400 a handler gives (a rule no schema states) keeps its errorDescription: %s",
    async (method, suffix, body, says) => {
      await send(method, `/v1/fulfillment/orders/${orderId}${suffix}`, body);
      const { status, requestVerdict, reason } = await newest();
      expect(status).toBe(400);
      expect(requestVerdict).toBe(`invalid: ${reason}`);
      expect(requestVerdict).toContain(says);
    },
  );
});

describe("a request to no operation names the spec's closest one (near-miss)", () => {
  const ONE = "/v1/fulfillment/orders/{orderId}";
  test.each([
    ["GET", "/v1/fulfilment/orders", ["GET /v1/fulfillment/orders"]],
    // Not "GET … or HEAD …": Fastify's HEAD twin of a GET is no operation of the spec.
    ["OPTIONS", "/v1/fulfilment/orders", ["GET /v1/fulfillment/orders"]],
    ["GET", "/v1/fulfillment/order?limit=5", ["GET /v1/fulfillment/orders"]],
    ["GET", "/fulfillment/orders", ["GET /v1/fulfillment/orders"]],
    ["GET", "/fulfillment/orders/7", [`GET ${ONE}`]],
    ["GET", "/v2/fulfillment/orders/7", [`GET ${ONE}`]],
    ["GET", "/v1/orders/7", [`GET ${ONE}`]],
    ["GET", "/api/v1/fulfillment/orders/7", [`GET ${ONE}`]],
    ["POST", "/v1/fulfillment/orders/7", [`PUT ${ONE}`, `PATCH ${ONE}`]],
    ["DELETE", "/v1/fulfillment/orders/7", [`PUT ${ONE}`, `PATCH ${ONE}`]],
    ["PUT", "/v1/fulfillment/orders", [`PUT ${ONE}`]],
    ["POST", "/v1/fulfillment/orders/7/transition", [`POST ${ONE}/transitions`]],
    ["POST", "/v1/fulfillment/orders/7/Transitions", [`POST ${ONE}/transitions`]],
    ["POST", "/v1/fulfillment/orders/transitions", [`POST ${ONE}/transitions`]],
    ["GET", "/v1/fulfillment/orders/7/transitions", [`POST ${ONE}/transitions`]],
    ["POST", "/v1/fulfillment/orders/7/transitions/process", [`POST ${ONE}/transitions`]],
  ] as const)("%s %s → %j", async (method, path, expected) => {
    const response = await send(method, path, ["POST", "PUT"].includes(method) ? {} : undefined);
    expect(response.status).toBe(404);
    const answer = (await response.json()) as { errorCode: string; errorDescription: string; data: null };
    const [head = "", named = ""] = answer.errorDescription.split("; closest operation: ");
    expect(answer).toMatchObject({ errorCode: "not-found", data: null });
    expect(head).toBe(`no route ${method} ${path}`);
    expect(named.split(" or ").sort()).toEqual([...expected].sort());
    const entry = await newest();
    expect(entry.path).toBe(path);
    expect(entry.requestVerdict).toBe(`no such operation in the spec; closest: ${named}`);
  });

  test.each([
    ["GET", "/v1/nothing-here"],
    ["GET", "/v1/customers/7"],
    ["POST", "/v1/invoices/7/payments/3/refund"],
  ])("%s %s is far from every operation: none named rather than a guess", async (method, path) => {
    const response = await send(method, path, method === "GET" ? undefined : {});
    expect(response.status).toBe(404);
    expect(((await response.json()) as { errorDescription: string }).errorDescription).toBe(
      `no route ${method} ${path}; no operation of the spec is close`,
    );
    const entry = await newest();
    expect(entry.path).toBe(path);
    expect(entry.requestVerdict).toBe("no such operation in the spec; no operation of the spec is close");
  });

  test("outside /v1/, only a request close to an operation enters the log; /_sandbox/ gets no near-miss", async () => {
    await send("GET", "/v1/fulfillment/orders?limit=1");
    const before = await newest();
    const favicon = await send("GET", "/favicon.ico");
    expect(((await favicon.json()) as { errorDescription: string }).errorDescription).toBe(
      "no route GET /favicon.ico; no operation of the spec is close",
    );
    const control = await fetch(`${sandbox.url}/_sandbox/order`);
    expect(control.status).toBe(404);
    expect(((await control.json()) as { errorDescription: string }).errorDescription).toBe(
      "no route GET /_sandbox/order",
    );
    expect((await newest()).seq).toBe(before.seq);
  });
});
