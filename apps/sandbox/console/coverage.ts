import type { CoverageReport } from "../src/console/coverage";
import { byId, h } from "./dom";
import { state } from "./state";

let pending = false;

/** Reloads the tenant's rehearsal coverage; calls that come while one is on the way are merged. */
export async function refreshCoverage(): Promise<void> {
  if (pending || !state.tenant) return;
  pending = true;
  try {
    const response = await fetch(`/_sandbox/coverage?providerId=${state.tenant.providerId}`);
    if (response.ok) render((await response.json()) as CoverageReport);
  } finally {
    pending = false;
  }
}

function render(report: CoverageReport): void {
  byId("coverage").replaceChildren(
    h(
      "p",
      { id: "coverage-summary" },
      `${report.made} of ${report.total} table rows made; refusals met: ${report.refusals.join(", ") || "none"}; faults met: ${report.faults.join(", ") || "none"}`,
    ),
    h(
      "ul",
      { class: "coverage" },
      report.transitions.map((row) =>
        h(
          "li",
          { "data-row": `${row.from} ${row.action}`, "data-made": String(row.made), class: row.made ? "ok" : "" },
          `${row.made ? "made" : "not yet"}: ${row.from} → ${row.to} (${row.action})`,
        ),
      ),
    ),
  );
}
