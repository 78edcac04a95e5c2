import { toMermaid } from "@fulfillkit/transitions";
import { describe, expect, test } from "vitest";
import { highlighted, stateIds, withSafeIds } from "../console/diagram-text";

describe("the flow picture's text", () => {
  test("state IDs with '-' get aliases; every edge and label stays", () => {
    const bare = ["stateDiagram-v2", "  [*] --> new", "  new --> ready-for-delivery: process [outbound]", ""].join(
      "\n",
    );
    expect(withSafeIds(bare).split("\n")).toEqual([
      "stateDiagram-v2",
      '  state "ready-for-delivery" as ready_for_delivery',
      "  [*] --> new",
      "  new --> ready_for_delivery: process [outbound]",
      "",
    ]);
  });

  test("text that already aliases its IDs is left as it is, and its aliases are used to highlight", () => {
    const aliased = [
      "stateDiagram-v2",
      '  state "ready-for-delivery" as rfd',
      "  inprocess --> rfd: process [outbound]",
    ].join("\n");
    expect(withSafeIds(aliased)).toBe(aliased);
    expect(stateIds(aliased)("ready-for-delivery")).toBe("rfd");
    const marked = highlighted(aliased, "inprocess", ["ready-for-delivery", "cancelled"]).split("\n");
    expect(marked).toContain("  class inprocess current");
    expect(marked).toContain("  class rfd,cancelled next");
  });

  test("whatever toMermaid emits keeps one edge per line with an arrow", () => {
    const source = toMermaid();
    const arrows = (text: string) => text.split("\n").filter((line) => line.includes("-->")).length;
    expect(arrows(withSafeIds(source))).toBe(arrows(source));
    expect(withSafeIds(source)).not.toMatch(/--> \S*-\S*:/);
  });
});
