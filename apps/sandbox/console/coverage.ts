import { type CoverageReport, consoleApi } from "./api";
import { coalesced } from "./coalesce";
import { byId, h } from "./dom";
import { state } from "./state";

/** Reloads the tenant's rehearsal coverage; calls that come while one is on the way are merged. */
export const refreshCoverage = coalesced(async () => {
  if (!state.tenant) return;
  try {
    render(await consoleApi.coverage(state.tenant.providerId));
  } catch {
    // The next push reloads it; the view keeps what it last showed.
  }
});

function headline(report: CoverageReport) {
  if (report.complete) {
    return h(
      "p",
      { id: "coverage-headline", class: "headline ok", "data-complete": "true" },
      `Rehearsal complete: all ${report.total} table rows made and all ${report.faultKinds.length} fault kinds met.`,
    );
  }
  return h(
    "div",
    { id: "coverage-headline", class: "headline bad", "data-complete": "false" },
    h("p", {}, `${report.missing.length} missing before the rehearsal is complete:`),
    h(
      "ul",
      { class: "missing" },
      report.missing.map((item) => h("li", {}, item)),
    ),
  );
}

/** A list of what the sandbox can do with each item met or not yet. */
function metList(kind: "refusal" | "fault", all: readonly string[], met: readonly string[]) {
  const seen = new Set(met);
  return h(
    "ul",
    { class: "coverage", id: `coverage-${kind}s` },
    all.map((item) =>
      h(
        "li",
        { [`data-${kind}`]: item, "data-met": String(seen.has(item)), class: seen.has(item) ? "ok" : "" },
        `${seen.has(item) ? "met" : "not yet"}: ${item}`,
      ),
    ),
  );
}

function render(report: CoverageReport): void {
  const refusalsMet = report.refusalCodes.filter((code) => report.refusals.includes(code)).length;
  const faultsMet = report.faultKinds.filter((kind) => report.faults.includes(kind)).length;
  byId("coverage").replaceChildren(
    headline(report),
    h(
      "p",
      { id: "coverage-summary" },
      `${report.made} of ${report.total} table rows made; ${refusalsMet} of ${report.refusalCodes.length} refusals met; ${faultsMet} of ${report.faultKinds.length} fault kinds met`,
    ),
    h("h3", {}, `Table rows: ${report.made} of ${report.total} made`),
    h(
      "ul",
      { class: "coverage", id: "coverage-rows" },
      report.transitions.map((row) =>
        h(
          "li",
          { "data-row": `${row.from} ${row.action}`, "data-made": String(row.made), class: row.made ? "ok" : "" },
          `${row.made ? "made" : "not yet"}: ${row.from} → ${row.to} (${row.action})`,
        ),
      ),
    ),
    h("h3", {}, `Fault kinds: ${faultsMet} of ${report.faultKinds.length} met`),
    metList("fault", report.faultKinds, report.faults),
    h("h3", {}, `Refusals (409 error codes): ${refusalsMet} of ${report.refusalCodes.length} met`),
    metList("refusal", report.refusalCodes, report.refusals),
  );
}
