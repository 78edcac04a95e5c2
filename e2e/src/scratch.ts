import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository this test runs in. */
export const REPO = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The environment of a command run the way a user runs it in a scratch folder: without the
 * npm_config_*, pnpm and turbo variables of the `pnpm test`/turbo run that started this test
 * (an inherited npm_config_registry would outrank the scratch folder's .npmrc).
 */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|turbo_|init_cwd$)/i.test(key)) env[key] = value;
  }
  return {
    ...env,
    TURBO_TELEMETRY_DISABLED: "1",
    TURBO_NO_UPDATE_NOTIFIER: "1",
    DO_NOT_TRACK: "1",
    NPM_CONFIG_UPDATE_NOTIFIER: "false",
    ...extra,
  };
}

/**
 * Runs a command and returns its stdout; on failure the error carries stdout, stderr and the exit
 * status. The call is synchronous, so vitest's own timeout cannot interrupt it: `timeoutMs` does.
 */
export function sh(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 150_000,
): string {
  const started = Date.now();
  try {
    return execFileSync(command, args, {
      cwd,
      env: userEnv(env),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
      timeout: timeoutMs,
      killSignal: "SIGKILL",
    });
  } catch (error) {
    const { stdout = "", stderr = "", status } = error as { stdout?: string; stderr?: string; status?: number };
    const how = status === null ? `was stopped after ${Date.now() - started} ms` : `failed (${status})`;
    throw Object.assign(new Error(`${command} ${args.join(" ")} ${how} in ${cwd}:\n${stdout}\n${stderr}`), {
      stdout,
      stderr,
      status,
    });
  }
}

/**
 * A scratch copy of the working tree (tracked and new files, nothing git ignores: no node_modules,
 * no dist) as a fresh git repository, with no pending changesets, its dependencies installed from
 * the local pnpm store.
 */
export function scratchRepo(dest: string): string {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file !== "" && existsSync(join(REPO, file)));
  for (const file of files) {
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(join(REPO, file), join(dest, file));
  }
  for (const entry of readdirSync(join(dest, ".changeset"))) {
    if (entry.endsWith(".md") && entry !== "README.md") rmSync(join(dest, ".changeset", entry));
  }
  const git = ["-c", "user.name=e2e", "-c", "user.email=e2e@localhost", "-c", "commit.gpgsign=false"];
  sh("git", ["init", "--quiet", "--initial-branch=main"], dest);
  sh("git", ["add", "--all"], dest);
  sh("git", [...git, "commit", "--quiet", "--message", "scratch copy"], dest);
  sh("pnpm", ["install", "--frozen-lockfile", "--prefer-offline", "--ignore-scripts"], dest);
  return dest;
}
