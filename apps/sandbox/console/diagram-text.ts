/**
 * The flow's Mermaid text, made safe to render and marked up for one order. Works on whatever
 * `toMermaid` emits: IDs aliased (`state "ready-for-delivery" as ready_for_delivery`) or bare
 * statuses, which Mermaid cannot parse when they hold a `-`; those get aliases here.
 */
const EDGE = /^(\s*)(\[\*\]|[^\s:]+)(\s*-->\s*)(\[\*\]|[^\s:]+)(.*)$/;
const ALIAS = /^\s*state\s+"([^"]+)"\s+as\s+(\S+)/;

const safeId = (status: string) => status.replace(/[^A-Za-z0-9_]/g, "_");

/** Adds an alias for every state ID Mermaid would not parse; leaves aliased text as it is. */
export function withSafeIds(text: string): string {
  const lines = text.split("\n");
  const aliases = new Map<string, string>();
  const out = lines.map((line) => {
    const edge = EDGE.exec(line);
    if (!edge) return line;
    const [, indent, from = "", arrow, to = "", rest] = edge;
    const rename = (id: string) => {
      if (id === "[*]" || safeId(id) === id) return id;
      aliases.set(id, safeId(id));
      return safeId(id);
    };
    return `${indent}${rename(from)}${arrow}${rename(to)}${rest}`;
  });
  if (aliases.size === 0) return text;
  const declarations = [...aliases].map(([status, id]) => `  state "${status}" as ${id}`);
  const header = out.findIndex((line) => line.trim().startsWith("stateDiagram"));
  out.splice(header + 1, 0, ...declarations);
  return out.join("\n");
}

/** The diagram's ID of each status: its alias when the text declares one, else the status. */
export function stateIds(text: string): (status: string) => string {
  const ids = new Map<string, string>();
  for (const line of text.split("\n")) {
    const alias = ALIAS.exec(line);
    if (alias?.[1] && alias[2]) ids.set(alias[1], alias[2]);
  }
  return (status) => ids.get(status) ?? status;
}

/** Marks `current` and the statuses it may move to next with Mermaid classes. */
export function highlighted(text: string, current: string | undefined, next: readonly string[]): string {
  if (!current) return text;
  const id = stateIds(text);
  return [
    text.trimEnd(),
    "  classDef current fill:#ffe082,stroke:#8a4b00,stroke-width:3px,color:#000",
    "  classDef next fill:#c8e6c9,stroke:#1b5e20,stroke-width:2px,color:#000",
    `  class ${id(current)} current`,
    ...(next.length > 0 ? [`  class ${[...new Set(next)].map(id).join(",")} next`] : []),
    "",
  ].join("\n");
}
