import { bench, describe } from "vitest";
import { checkTransition, planPath } from "../src/index";

// The baseline is a bare Map lookup, the least any table check can cost, measured in the same run;
// vitest prints each case's ratio against it ("N× faster than").
const baseline = new Map([["new:process", "inprocess"]]);
const order = { id: 1, status: "new" as const, transactionType: "order" as const };

describe("transitions vs a Map lookup", () => {
  bench("baseline: Map lookup", () => {
    baseline.get("new:process");
  });
  bench("checkTransition", () => {
    checkTransition(order, { action: "process" });
  });
  bench("planPath new → processed", () => {
    planPath(order, "processed");
  });
});
