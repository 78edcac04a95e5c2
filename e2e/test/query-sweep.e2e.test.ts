import { createFulfillmentClient, type ListQuery, ValidationError } from "@fulfillkit/client";
import { LIST_QUERY_RULE } from "@fulfillkit/core";
import { type RunningSandbox, sandboxControl, startSandbox } from "@fulfillkit/sandbox";
import { type RunningPrism, startPrism } from "@fulfillkit/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryWithOneBadParameter, validValue } from "../../packages/client/test/helpers/arbitraries";
import { breaksAsText, queryString } from "../src/query-text";

// Property sweeps of GET /v1/fulfillment/orders through the client to the real sandbox, with the
// arbitraries the client's own sweeps derive from core's rules. Valid queries go through
// `prism proxy --errors`, which checks each request and each answer against the spec; invalid ones
// must be refused by the client before sending AND by the sandbox when sent by hand.
const VALID_RUNS = 500;
const INVALID_RUNS = 200;
const SEED = 20_261_129;

let sandbox: RunningSandbox;
let prism: RunningPrism;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 5, orders: 300 });
  prism = await startPrism({ mode: "proxy", upstream: sandbox.url, errors: true, startTimeoutMs: 120_000 });
});
afterAll(async () => {
  await prism?.stop();
  // close() alone waits for the client's kept-alive connections (up to Fastify's 72 s keep-alive).
  sandbox?.app.server.closeAllConnections();
  await sandbox?.close();
});

const statuses: number[] = [];
const countingFetch = async (request: Request) => {
  const response = await fetch(request);
  statuses.push(response.status);
  return response;
};
const apiKey = () => sandbox.providers[0]?.apiKey ?? "";

describe("property sweeps of the list query through the sandbox", () => {
  test(`${VALID_RUNS} valid queries via prism proxy --errors: all answered 200, 0 client rejections, 0 Prism violations (seed ${SEED})`, async () => {
    const client = createFulfillmentClient({
      baseUrl: prism.url,
      apiKey: apiKey(),
      retry: false,
      fetch: countingFetch,
    });
    const before = statuses.length;
    // Every query is sent, whatever happened to the previous one, so that one run lists every failure.
    const failures: { query: unknown; error: string }[] = [];
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(validValue(LIST_QUERY_RULE).map(withoutEmptyArrays).map(withPrismSafeText), async (query) => {
        try {
          const page = await client.orders.list(query as ListQuery);
          if (!Array.isArray(page.items)) throw new Error("no items");
        } catch (error) {
          if (error instanceof ValidationError) rejected++;
          failures.push({ query, error: String(error) });
        }
      }),
      { numRuns: VALID_RUNS, seed: SEED },
    );
    const answers = statuses.slice(before);
    const violations = prism.violations();
    console.log(
      `query sweep: ${VALID_RUNS} valid queries, ${answers.length} sent, ${answers.filter((s) => s === 200).length} answered 200, ` +
        `${rejected} client rejections, ${failures.length} failed, ${violations.length} Prism violations (seed ${SEED})`,
    );
    const causes = new Map<string, number>();
    for (const { error } of failures) {
      const cause = error.replace(/^.*? failed with /, "").replace(/-?\d+/g, "N");
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
    }
    if (causes.size)
      console.log(`query sweep: failures by cause: ${[...causes].map(([c, n]) => `${n} × ${c}`).join("; ")}`);
    expect(failures.slice(0, 3), `${failures.length} of ${VALID_RUNS} failed (seed ${SEED}), the first 3:`).toEqual([]);
    expect(rejected).toBe(0);
    expect(answers).toEqual(Array(VALID_RUNS).fill(200));
    expect(violations).toEqual([]);
    expect((await sandboxControl(sandbox.url).requests()).undeclared).toEqual([]);
  }, 150_000);

  test(`${INVALID_RUNS} invalid queries: a ValidationError naming the parameter, nothing sent; sent by hand, the sandbox's 400 names it too (seed ${SEED})`, async () => {
    const client = createFulfillmentClient({
      baseUrl: sandbox.url,
      apiKey: apiKey(),
      retry: false,
      fetch: countingFetch,
    });
    const before = statuses.length;
    const named = new Set<string>();
    const invalidAsText = queryWithOneBadParameter(LIST_QUERY_RULE).filter(({ name, query }) =>
      breaksAsText(LIST_QUERY_RULE.properties[name as keyof typeof LIST_QUERY_RULE.properties], query[name]),
    );
    await fc.assert(
      fc.asyncProperty(invalidAsText, async ({ name, query }) => {
        const error = await client.orders.list(query as ListQuery).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(ValidationError);
        const field = (error as ValidationError).field;
        expect(field === `query.${name}` || field.startsWith(`query.${name}[`), `field ${field}`).toBe(true);
        expect(statuses.length).toBe(before);

        const url = `${sandbox.url}/v1/fulfillment/orders?${queryString(query)}`;
        const response = await fetch(url, { headers: { "X-API-KEY": apiKey() } });
        const body = (await response.json()) as { errorCode?: string; errorDescription?: string };
        expect({ url, status: response.status }).toEqual({ url, status: 400 });
        expect(body.errorDescription?.startsWith(`query parameter ${name} `), `${url}: ${body.errorDescription}`).toBe(
          true,
        );
        named.add(name);
      }),
      { numRuns: INVALID_RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(
      `query sweep: ${INVALID_RUNS} invalid queries, all refused by the client (${statuses.length - before} sent) ` +
        `and answered 400 naming the parameter by the sandbox; ${named.size} parameter names broken, ` +
        `${Object.keys(LIST_QUERY_RULE.properties).filter((name) => named.has(name)).length} of them the spec's (seed ${SEED})`,
    );
    expect(statuses.length).toBe(before);
    expect([...named]).toEqual(expect.arrayContaining(Object.keys(LIST_QUERY_RULE.properties).filter(textCanBreak)));
  }, 150_000);
});

/** Whether some text is invalid for the parameter (any text is a valid `order`, a free string). */
function textCanBreak(name: string): boolean {
  type Rule = { type?: string; items?: Rule; enum?: unknown; format?: string; maxLength?: number };
  const rule: Rule = LIST_QUERY_RULE.properties[name as keyof typeof LIST_QUERY_RULE.properties];
  const item = rule.type === "array" && rule.items ? rule.items : rule;
  return !(item.type === "string" && !("enum" in item) && !("format" in item) && !("maxLength" in item));
}

/**
 * The spec allows an empty array filter; the client refuses one on purpose (its README: the API
 * would read it as no filter and list every order), so a valid query leaves that key out.
 */
function withoutEmptyArrays(query: unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query as Record<string, unknown>).filter(([, value]) => !(Array.isArray(value) && !value.length)),
  );
}

/**
 * Prism 5.14's CLI dies (a TypeError in its log printer) on some free-text values, e.g.
 * `externalIds=%23-A&externalIds=%7Cl%7D_%5C.%5B&offset=1000`; then nothing more is checked. Free
 * text keeps letters, digits and the characters that matter to a query string (space & = % + , ;).
 */
function withPrismSafeText(query: Record<string, unknown>): Record<string, unknown> {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9 &=%+,;-]/g, "x");
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => {
      if (textCanBreak(name)) return [name, value];
      return [name, Array.isArray(value) ? value.map((item) => safe(String(item))) : safe(String(value))];
    }),
  );
}
