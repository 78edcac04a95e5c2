import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const cliPackage = createRequire(import.meta.url).resolve("@redocly/cli/package.json");
const REDOCLY_BIN = join(dirname(cliPackage), "bin", "cli.js");

export type Impact = "major" | "minor" | "patch";
export type Bump = Impact | "none";

export interface SpecChange {
  impact: Impact;
  /** One readable line: what changed, where. */
  summary: string;
}

export interface SpecDiff {
  bump: Bump;
  changes: SpecChange[];
}

interface RedoclyReport {
  bump?: Impact;
  changes: Array<{
    path: string;
    kind: string;
    impact: Impact;
    verdicts?: Array<{ message?: string; ruleId: string }>;
  }>;
}

const ORDER: Record<Impact, number> = { major: 0, minor: 1, patch: 2 };

/** `#/paths/~1v1~1orders/get/parameters/2` → `GET /v1/orders parameters/2`. */
function readablePointer(pointer: string): string {
  const segments = pointer
    .replace(/^#\//, "")
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (segments[0] !== "paths") return segments.join("/");
  const [, route = "", method = "", ...rest] = segments;
  return `${method.toUpperCase()} ${route} ${rest.join("/")}`.trim();
}

/** Runs `redocly diff` and turns its verdicts into a semver bump and one line per change, breaking ones first. */
export async function diffSpecs(base: string, revision: string): Promise<SpecDiff> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [REDOCLY_BIN, "diff", base, revision, "--format", "json", "--fail-on", "none", "--lint-config", "off"],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(stdout.slice(stdout.indexOf("{"))) as RedoclyReport;
  const changes = report.changes
    .map((change) => {
      const reason = change.verdicts?.map((v) => v.message ?? v.ruleId).join("; ");
      const where = readablePointer(change.path);
      return {
        impact: change.impact,
        summary: `${change.impact}: ${change.kind} ${where}${reason ? ` (${reason})` : ""}`,
      };
    })
    .sort((a, b) => ORDER[a.impact] - ORDER[b.impact]);
  return { bump: report.bump ?? (changes[0]?.impact as Impact | undefined) ?? "none", changes };
}

/** Lints a spec with Redocly's `minimal` rules: it must be a valid OpenAPI description. */
export async function validateSpec(path: string): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, [
      REDOCLY_BIN,
      "lint",
      path,
      "--extends",
      "minimal",
      "--format",
      "summary",
    ]);
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${path} is not a valid OpenAPI description:\n${stdout}${stderr}`);
  }
}
