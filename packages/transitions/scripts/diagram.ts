/** Writes toMermaid() into the marked blocks of this package's README and the root README. */
import { readFileSync, writeFileSync } from "node:fs";
import { toMermaid } from "../src/index";

export const DIAGRAM_FILES = [new URL("../README.md", import.meta.url), new URL("../../../README.md", import.meta.url)];
const BLOCK = /(<!-- flow-diagram:start -->\n)[\s\S]*?(<!-- flow-diagram:end -->)/;

export function withDiagram(text: string): string {
  if (!BLOCK.test(text)) throw new Error("no <!-- flow-diagram:start --> … <!-- flow-diagram:end --> block");
  return text.replace(
    BLOCK,
    (_all, start: string, end: string) => `${start}\`\`\`mermaid\n${toMermaid()}\`\`\`\n${end}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of DIAGRAM_FILES) {
    writeFileSync(file, withDiagram(readFileSync(file, "utf8")));
    console.log(`updated ${file.pathname}`);
  }
}
