import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { DIAGRAM_FILES, withDiagram } from "../scripts/diagram";
import { TRANSITIONS, toMermaid } from "../src/index";

describe("toMermaid", () => {
  test("draws every row of the table and the customer's step", () => {
    const text = toMermaid();
    expect(text.startsWith("stateDiagram-v2\n")).toBe(true);
    for (const { from, action, to } of TRANSITIONS) expect(text).toContain(`${from} --> ${to}: ${action}`);
    expect(text).toContain("ready-for-delivery --> delivery-requested-outbound: customer requests delivery");
    expect(text).toContain("processed --> [*]");
  });

  test.each(DIAGRAM_FILES.map((file) => [file.pathname.replace(/.*\/(packages\/)?/, ""), file]))(
    "the diagram committed in %s is current (pnpm --filter @fulfillkit/transitions diagram)",
    (_name, file) => {
      const text = readFileSync(file, "utf8");
      expect(withDiagram(text)).toBe(text);
    },
  );
});
