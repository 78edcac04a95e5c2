// docs/fulfillment-flow.md explains the table row by row: these tests keep its tables equal to the
// code's and its quotations of the spec verbatim, so the page cannot drift from what it explains.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { GUARDS } from "../src/flow";
import { PROVIDER_WORK, TRANSITIONS } from "../src/index";

const DOC = readFileSync(new URL("../../../docs/fulfillment-flow.md", import.meta.url), "utf8");
const SPEC = readFileSync(new URL("../../../openapi/equipme-customer-api.json", import.meta.url), "utf8");

/** The body rows of the first table after `heading`, each cell without backticks. */
function tableAfter(heading: string): string[][] {
  const section = DOC.slice(DOC.indexOf(`\n## ${heading}\n`));
  const lines = section.split("\n");
  const start = lines.findIndex((line) => line.startsWith("|"));
  const rows = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/`/g, "")),
    );
  }
  return rows;
}

/** Every description in the spec, whitespace collapsed. */
const specDescriptions = (): string[] => {
  const found: string[] = [];
  JSON.parse(SPEC, (key, value) => {
    if (key === "description" && typeof value === "string") found.push(value.replace(/\s+/g, " "));
    return value;
  });
  return found;
};

describe("docs/fulfillment-flow.md", () => {
  test("its transition table is the package's, row by row", () => {
    const rows = tableAfter("Transitions").map(([from, action, to, when]) => ({ from, action, to, when }));
    expect(rows).toEqual(TRANSITIONS.map(({ from, action, to, when }) => ({ from, action, to, when })));
  });

  test("its guard table is the package's GUARDS", () => {
    const guards = Object.fromEntries(
      tableAfter("The guards").map(([guard, kinds, preorders]) => [
        guard,
        [
          kinds === "every kind" ? ["order", "swap", "change", "return", "cancellation"] : kinds?.split(", "),
          preorders === "yes",
        ],
      ]),
    );
    expect(guards).toEqual(GUARDS);
  });

  test("it lists the provider's routine as PROVIDER_WORK does", () => {
    for (const [direction, actions] of Object.entries(PROVIDER_WORK)) {
      expect(DOC).toContain(`- ${direction}: ${actions.map((action) => `\`${action}\``).join(", ")}`);
    }
  });

  test("every quotation of the spec is in the spec, word for word", () => {
    const quotes = [...DOC.matchAll(/^The spec, [^\n]*:\n\n((?:>.*\n)+)/gm)].map((match) =>
      (match[1] ?? "").replace(/^> ?/gm, "").replace(/\s+/g, " ").trim(),
    );
    expect(quotes).toHaveLength(3);
    const descriptions = specDescriptions();
    for (const quote of quotes)
      expect(
        descriptions.some((text) => text.includes(quote)),
        quote,
      ).toBe(true);
  });
});
