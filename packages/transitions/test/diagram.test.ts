import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { DIAGRAM_FILES, withDiagram } from "../scripts/diagram";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

describe("the diagram in the READMEs", () => {
  test.each(DIAGRAM_FILES.map((file) => [relative(ROOT, fileURLToPath(file)), file]))(
    "the diagram committed in %s is current (pnpm --filter @fulfillkit/transitions diagram)",
    (_name, file) => {
      const text = readFileSync(file, "utf8");
      expect(withDiagram(text)).toBe(text);
    },
  );
});
