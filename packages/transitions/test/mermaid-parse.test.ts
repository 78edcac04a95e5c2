// @vitest-environment happy-dom
// Mermaid's parser sanitizes labels with DOMPurify, which needs a DOM: happy-dom provides one.
import mermaid from "mermaid";
import { describe, expect, test } from "vitest";
import { CUSTOMER_DELIVERY_REQUEST, TRANSITIONS, toMermaid } from "../src/index";

/** The part of Mermaid's state-diagram database this test reads. */
interface StateDb {
  getRelations(): Array<{ id1: string; id2: string; relationTitle: string }>;
  getStates(): Map<string, { descriptions: string[] }>;
}

/** The edges Mermaid's own parser finds in `text`, with each state's displayed name: "from --> to: label". */
async function parsedEdges(text: string): Promise<string[]> {
  await mermaid.parse(text);
  const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db as unknown as StateDb;
  const states = db.getStates();
  const name = (id: string) => states.get(id)?.descriptions[0] ?? id;
  return db.getRelations().map(({ id1, id2, relationTitle }) => `${name(id1)} --> ${name(id2)}: ${relationTitle}`);
}

describe("toMermaid, read by Mermaid's own parser", () => {
  test("Mermaid's own parser reads it: one edge per table row, the customer's step, start and ends", async () => {
    const edges = await parsedEdges(toMermaid());
    const rows = TRANSITIONS.map(
      ({ from, action, to, when }) => `${from} --> ${to}: ${action}${when === "always" ? "" : ` [${when}]`}`,
    );
    const { from, to } = CUSTOMER_DELIVERY_REQUEST;
    expect(edges).toEqual([
      "root_start --> new: ",
      ...rows,
      `${from} --> ${to}: customer requests delivery [preorder]`,
      "processed --> root_end: ",
      "cancelled --> root_end: ",
    ]);
  });

  test("negative control: the same diagram with a '-' in its state IDs is rejected by the parser", async () => {
    const unaliased = toMermaid()
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("state "))
      .join("\n")
      .replace(/[a-z]+(_[a-z]+)+/g, (id) => id.replace(/_/g, "-"));
    expect(unaliased).toContain("inprocess --> ready-for-delivery: process [outbound]");
    await expect(mermaid.parse(unaliased)).rejects.toThrow(/Parse error/);
    expect(await mermaid.parse(unaliased, { suppressErrors: true })).toBe(false);
  });

  test("statuses with a '-' are declared as aliases with their real names", () => {
    const text = toMermaid();
    expect(text.startsWith("stateDiagram-v2\n")).toBe(true);
    expect(text).toContain('  state "ready-for-delivery" as ready_for_delivery\n');
    expect(text).toContain("  inprocess --> ready_for_delivery: process [outbound]\n");
  });
});
