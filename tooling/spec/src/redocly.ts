/**
 * The two things the spec tooling asks of Redocly CLI: is a file a valid OpenAPI description
 * (`redocly lint`), and what changed between two descriptions, rated by semver (`redocly diff`).
 * Both run with the config beside this file, so that their verdicts never depend on the
 * directory the command is started in.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const cliPackage = createRequire(import.meta.url).resolve("@redocly/cli/package.json");
const REDOCLY_BIN = join(dirname(cliPackage), "bin", "cli.js");
export const REDOCLY_CONFIG = fileURLToPath(new URL("redocly.yaml", import.meta.url));

export type Impact = "major" | "minor" | "patch";
export type Bump = Impact | "none";

export interface SpecChange {
  impact: Impact;
  /** One readable line: the impact, what changed and where, e.g. "minor: query parameter `region` added (GET /v1/…)". */
  summary: string;
}

export interface SpecDiff {
  bump: Bump;
  /** Breaking changes first, then minor, then patch. */
  changes: SpecChange[];
}

/** One entry of `redocly diff --format json` (report version 1). */
interface RedoclyChange {
  path: string;
  typeName?: string;
  kind: string;
  impact: Impact;
  property?: string;
  verdicts?: Array<{ ruleId: string; message?: string }>;
  base?: { pointer?: string };
  revision?: { pointer?: string };
}

interface RedoclyReport {
  bump?: Bump;
  changes: RedoclyChange[];
}

const ORDER: Record<Impact, number> = { major: 0, minor: 1, patch: 2 };
const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Runs Redocly CLI; on failure throws `problem` followed by what Redocly said (without its banners). */
async function redocly(args: string[], problem: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [REDOCLY_BIN, ...args, "--config", REDOCLY_CONFIG], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" },
    });
    return stdout;
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    const said = `${stdout}${stderr}`.replace(/^.*[║╔╚].*\n/gm, "").trim();
    throw new Error(`${problem}:\n${said || (error as Error).message}`);
  }
}

const segmentsOf = (pointer: string) =>
  pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));

function at(document: unknown, pointer: string): unknown {
  let node = document;
  for (const segment of segmentsOf(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined; // a YAML description: lines then name parameters by their position
  }
}

/** `#/paths/~1v1~1orders/get/parameters/2` → `GET /v1/orders` (undefined outside an operation). */
function operationOf(pointer: string): string | undefined {
  const [root, route, method] = segmentsOf(pointer);
  return root === "paths" && route && method && METHODS.has(method) ? `${method.toUpperCase()} ${route}` : undefined;
}

/** What a change is about, in the words a reader of the spec uses; `component` when it lives in #/components. */
function subjectOf(change: RedoclyChange, documents: { base: unknown; revision: unknown }) {
  const located = change.kind === "removed" ? change.base?.pointer : (change.revision?.pointer ?? change.base?.pointer);
  let pointer = located ?? change.path;
  if (change.property && pointer.endsWith(`/${change.property}`)) {
    pointer = pointer.slice(0, -change.property.length - 1);
  }
  const segments = segmentsOf(pointer);
  if (segments[0] === "components" && segments[2]) {
    const [, , name, ...rest] = segments;
    if (rest[0] === "properties" && rest[1] && rest.length === 2) {
      return { text: `property \`${name}.${rest[1]}\``, component: true };
    }
    return { text: `\`${name}\`${rest.length ? ` (${rest.join("/")})` : ""}`, component: true };
  }
  if (change.typeName === "Parameter") {
    const parameter = at(change.kind === "removed" ? documents.base : documents.revision, pointer) as
      | { name?: string; in?: string }
      | undefined;
    if (parameter?.name)
      return { text: `${parameter.in ?? ""} parameter \`${parameter.name}\``.trim(), component: false };
  }
  if (change.typeName === "Operation" && operationOf(pointer)) return { text: operationOf(pointer), component: false };
  if (segments[0] === "paths" && segments.length === 2) return { text: `path \`${segments[1]}\``, component: false };
  return { text: segments.join("/") || "the document", component: false };
}

/** One line per change: Redocly's own message when a rule explains it, else what changed and where. */
function describeChange(change: RedoclyChange, documents: { base: unknown; revision: unknown }): string {
  const subject = subjectOf(change, documents);
  const operation = operationOf(change.path);
  const where = operation && !subject.component && subject.text !== operation ? ` (${operation})` : "";
  const messages = (change.verdicts ?? []).map((verdict) => verdict.message ?? verdict.ruleId);
  if (messages.length > 0) return `${change.impact}: ${messages.join(" ")}${where}`;
  if (change.kind === "modified" && change.property) {
    return `${change.impact}: \`${change.property}\` of ${subject.text} changed${where}`;
  }
  return `${change.impact}: ${subject.text} ${change.kind}${where}`;
}

/** Runs `redocly diff` and turns its verdicts into a semver bump and one line per change, breaking ones first. */
export async function diffSpecs(base: string, revision: string): Promise<SpecDiff> {
  const stdout = await redocly(
    ["diff", base, revision, "--format", "json", "--fail-on", "none"],
    `redocly diff could not compare ${base} with ${revision}`,
  );
  const report = JSON.parse(stdout.slice(stdout.indexOf("{"))) as RedoclyReport;
  const documents = { base: readJson(base), revision: readJson(revision) };
  const changes = report.changes
    .map((change) => ({ impact: change.impact, summary: describeChange(change, documents) }))
    .sort((a, b) => ORDER[a.impact] - ORDER[b.impact]);
  const bump = changes.length === 0 ? "none" : (report.bump ?? changes[0]?.impact ?? "none");
  return { bump, changes };
}

/** Lints a spec with Redocly's `minimal` rules: it must be a valid OpenAPI description. */
export async function validateSpec(path: string): Promise<void> {
  await redocly(["lint", path, "--format", "summary"], `${path} is not a valid OpenAPI description`);
}
