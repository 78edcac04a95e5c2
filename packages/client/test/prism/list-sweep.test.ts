import { LIST_QUERY_RULE } from "@fulfillkit/core";
import { usePrism } from "@fulfillkit/testing";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createFulfillmentClient, type ListQuery, ValidationError } from "../../src/index";
import { queryWithOneBadParameter, validValue } from "../helpers/arbitraries";

// Property sweeps of GET /v1/fulfillment/orders, with arbitraries derived from the rules core
// generates from the spec. Prism's log names every request it finds invalid.
const prism = usePrism();
const VALID_RUNS = 500;
const INVALID_RUNS = 200;

let sent = 0;
const countingFetch = (request: Request) => {
  sent++;
  return fetch(request);
};
const client = () =>
  createFulfillmentClient({ baseUrl: prism.url, apiKey: "prism-key", retry: false, fetch: countingFetch });

const violations = () => prism.prism.output().match(/violation/gi)?.length ?? 0;

describe("property sweeps of the list query through Prism", () => {
  test(`${VALID_RUNS} valid queries: every one sent, answered 200, 0 client rejections, 0 Prism violations`, async () => {
    const api = client();
    const before = { sent, violations: violations() };
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(validValue(LIST_QUERY_RULE), async (query) => {
        try {
          const page = await api.orders.list(query as ListQuery);
          expect(Array.isArray(page.items)).toBe(true);
        } catch (error) {
          if (error instanceof ValidationError) rejected++;
          throw error;
        }
      }),
      { numRuns: VALID_RUNS },
    );
    const found = violations() - before.violations;
    console.info(
      `list sweep: ${VALID_RUNS} valid queries sent, ${rejected} client rejections, ${found} Prism violations`,
    );
    expect(rejected).toBe(0);
    expect(sent - before.sent).toBe(VALID_RUNS);
    expect(found).toBe(0);
  }, 120_000);

  test(`${INVALID_RUNS} invalid queries: a ValidationError naming the parameter, nothing sent`, async () => {
    const api = client();
    const before = sent;
    const named = new Set<string>();
    await fc.assert(
      fc.asyncProperty(queryWithOneBadParameter(LIST_QUERY_RULE), async ({ name, query }) => {
        const error = await api.orders.list(query as ListQuery).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(ValidationError);
        const field = (error as ValidationError).field;
        expect(field === `query.${name}` || field.startsWith(`query.${name}[`)).toBe(true);
        expect((error as ValidationError).message).toMatch(/ must be /);
        named.add(name);
      }),
      { numRuns: INVALID_RUNS },
    );
    console.info(`list sweep: ${INVALID_RUNS} invalid queries, all refused before sending (${sent - before} sent)`);
    expect(sent).toBe(before);
    // Every parameter of the spec was among the broken ones.
    expect([...named]).toEqual(expect.arrayContaining(Object.keys(LIST_QUERY_RULE.properties)));
  }, 60_000);

  test("the counting fetch does count, and Prism's log does show violations (a negative control)", async () => {
    const before = { sent, violations: violations() };
    const response = await countingFetch(
      new Request(`${prism.url}/v1/fulfillment/orders?limit=abc`, { headers: { "X-API-KEY": "k" } }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(sent).toBe(before.sent + 1);
    expect(violations()).toBeGreaterThan(before.violations);
  });
});
