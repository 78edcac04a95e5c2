import { toMermaid } from "@fulfillkit/transitions";
import { highlighted, withSafeIds } from "./diagram-text";
import { byId } from "./dom";

type Mermaid = typeof import("mermaid").default;
let mermaid: Promise<Mermaid> | undefined;
let renders = 0;

function loadMermaid(): Promise<Mermaid> {
  mermaid ??= import("mermaid").then(({ default: loaded }) => {
    loaded.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
    return loaded;
  });
  return mermaid;
}

async function render(text: string): Promise<string> {
  const { svg } = await (await loadMermaid()).render(`flow-${++renders}`, text);
  return svg;
}

const parses = async (text: string) => (await (await loadMermaid()).parse(text, { suppressErrors: true })) !== false;

/**
 * Draws the flow from `toMermaid()` with the order's status and its next statuses highlighted.
 * When the generated text does not parse (state IDs with `-`), draws it with aliased IDs instead.
 */
export async function drawFlow(current: string | undefined, next: readonly string[]): Promise<void> {
  const target = byId("diagram");
  const source = toMermaid();
  const text = (await parses(source)) ? source : withSafeIds(source);
  target.innerHTML = await render(highlighted(text, current, next));
  target.dataset.source = text === source ? "generated" : "aliased";
  target.dataset.rendered = String(renders);
  target.setAttribute(
    "aria-label",
    current
      ? `The fulfillment flow; current status ${current}, next: ${next.join(", ") || "none"}`
      : "The fulfillment flow",
  );
}
