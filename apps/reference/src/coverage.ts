/**
 * The sandbox's rehearsal coverage for the tenant of the configured API key
 * (`GET <sandbox>/_sandbox/coverage` with `X-API-KEY`). The sandbox is found at the base URL
 * unless `FULFILL_SANDBOX_URL` says otherwise: it serves `/_sandbox/` beside `/v1/`, so the
 * base URL that `fulfill` already talks to is the sandbox's own address.
 */
import { type Config, maskApiKey } from "./config";

/** One row of the flow's table and whether this tenant's integration has moved an order through it. */
export interface CoverageRow {
  from: string;
  action: string;
  to: string;
  made: boolean;
}

/** The sandbox's answer (apps/sandbox/README.md, "Rehearsal coverage"). */
export interface CoverageReport {
  providerId: number;
  transitions: CoverageRow[];
  made: number;
  total: number;
  /** The 409 `errorCode`s met, and every one the sandbox can answer. */
  refusals: string[];
  refusalCodes: string[];
  /** The fault kinds met, and every kind the sandbox can inject. */
  faults: string[];
  faultKinds: string[];
  /** Every row made and every fault kind met. */
  complete: boolean;
  /** What keeps it from complete: "transition new --cancel--> cancelled", "fault 429", … */
  missing: string[];
}

/** The sandbox could not be asked, or its answer was not a coverage report (exit code 1). */
export class SandboxError extends Error {
  override name = "SandboxError";
}

/** `fulfill coverage --require-complete` found the rehearsal incomplete. */
export class IncompleteError extends Error {
  override name = "IncompleteError";
}

export const TOKEN_HEADER = "X-Sandbox-Token";

export function coverageUrl(config: Pick<Config, "baseUrl" | "sandboxUrl">): string {
  return `${(config.sandboxUrl ?? config.baseUrl).replace(/\/+$/, "")}/_sandbox/coverage`;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export async function fetchCoverage(config: Config): Promise<CoverageReport> {
  const url = coverageUrl(config);
  const where = config.sandboxUrl ?? config.baseUrl;
  // One line each: the URL asked, what came back, and the fix.
  const notASandbox = (what: string) =>
    new SandboxError(
      `${where} is not a fulfillkit sandbox (GET ${url} ${what}): pass --sandbox-url or set FULFILL_SANDBOX_URL to the sandbox's address, e.g. http://127.0.0.1:4020`,
    );
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        accept: "application/json",
        "X-API-KEY": config.apiKey,
        ...(config.sandboxToken === undefined ? {} : { [TOKEN_HEADER]: config.sandboxToken }),
      },
      signal: AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error instanceof Error && error.name === "TimeoutError" ? "no answer in time" : reasonOf(error);
    throw new SandboxError(
      `GET ${url} failed (${cause}): is the sandbox running at ${where}? (start it with \`pnpm sandbox\`; --sandbox-url or FULFILL_SANDBOX_URL when it is not at EQUIPME_BASE_URL)`,
    );
  }
  const text = await response.text();
  if (response.status === 401) {
    throw new SandboxError(
      `GET ${url} answered 401: the sandbox wants its token (it runs beyond loopback); pass --sandbox-token or set FULFILL_SANDBOX_TOKEN to the token \`pnpm sandbox\` printed`,
    );
  }
  if (response.status === 400) {
    // The sandbox names no key in its answers; should one ever echo it, it is masked here.
    const reason = (errorDescription(text) ?? "no reason given").replaceAll(config.apiKey, maskApiKey(config.apiKey));
    throw new SandboxError(
      `GET ${url} answered 400 (${reason}): the sandbox knows no tenant of this API key; check EQUIPME_API_KEY (\`fulfill config\` shows which one is used)`,
    );
  }
  if (!response.ok) throw notASandbox(`answered ${response.status}`);
  const body = parseJson(text);
  if (!isCoverageReport(body)) throw notASandbox("answered, but not with a coverage report");
  return body;
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorDescription(text: string): string | undefined {
  const body = parseJson(text);
  return isRecord(body) && typeof body.errorDescription === "string" ? body.errorDescription : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");
const isRow = (value: unknown): value is CoverageRow =>
  isRecord(value) &&
  typeof value.from === "string" &&
  typeof value.action === "string" &&
  typeof value.to === "string" &&
  typeof value.made === "boolean";

function isCoverageReport(value: unknown): value is CoverageReport {
  return (
    isRecord(value) &&
    typeof value.providerId === "number" &&
    Array.isArray(value.transitions) &&
    value.transitions.every(isRow) &&
    typeof value.made === "number" &&
    typeof value.total === "number" &&
    typeof value.complete === "boolean" &&
    [value.refusals, value.refusalCodes, value.faults, value.faultKinds, value.missing].every(isStrings)
  );
}
