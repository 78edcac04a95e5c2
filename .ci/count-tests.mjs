// Sums vitest's JSON reports (every package writes .vitest/report.json, see vitest.config.ts) into
// one line: "N passed, N failed, N skipped". Exits 1 when a package that has tests left no report,
// but those named by `--except=<workspace>` (a run that was told not to test them).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workspaces = ["packages", "apps", "tooling"].flatMap((dir) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(dir, entry.name)),
);
workspaces.push("e2e");
const excepted = process.argv.filter((arg) => arg.startsWith("--except=")).map((arg) => arg.slice("--except=".length));

const total = { passed: 0, failed: 0, skipped: 0 };
const missing = [];
for (const workspace of workspaces) {
  if (excepted.includes(workspace) || !existsSync(join(root, workspace, "test"))) continue;
  const report = join(root, workspace, ".vitest/report.json");
  if (!existsSync(report)) {
    missing.push(workspace);
    continue;
  }
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(readFileSync(report, "utf8"));
  total.passed += numPassedTests;
  total.failed += numFailedTests;
  total.skipped += numPendingTests + numTodoTests;
}
if (missing.length > 0) console.error(`no vitest report from: ${missing.join(", ")}`);
console.log(JSON.stringify(total));
process.exit(missing.length > 0 ? 1 : 0);
