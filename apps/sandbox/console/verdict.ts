import { h } from "./dom";

/** `ok` and a made transition read as good, `n/a` (a sandbox control) as neutral, the rest as a finding. */
function tone(text: string): string {
  if (text === "ok" || text.startsWith("made")) return "ok";
  if (text.startsWith("n/a")) return "na";
  return "bad";
}

/** A verdict, whole (a 400's rule and a near-miss are long: the cell wraps them, never cuts); a dash for none. */
export function verdictText(text: string | null): HTMLSpanElement | string {
  return text === null ? "—" : h("span", { class: tone(text) }, text);
}
