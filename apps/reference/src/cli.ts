#!/usr/bin/env -S node --max-semi-space-size=2
/**
 * `fulfill`: parses the command line, runs the command, turns a failure into a message and an exit code.
 * The small young generation (2 MB semi-spaces instead of V8's 16) keeps `fulfill run`'s peak memory
 * near Node's own floor whatever the backlog (bench/worker-memory.ts: about 100 MB instead of 130–146).
 */
import { CommanderError } from "commander";
import { exitCodeFor, messageFor } from "./errors";
import { createProgram } from "./program";

// Run as a package script (`pnpm fulfill`), pnpm starts us in the package's directory; the user's
// is INIT_CWD. Work there, so that `.env` is the user's.
if (process.env.npm_lifecycle_event === "fulfill" && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

try {
  await createProgram().parseAsync();
} catch (error) {
  // Commander has already printed its own usage errors (and --help), on one line.
  if (!(error instanceof CommanderError)) process.stderr.write(`fulfill: ${messageFor(error)}\n`);
  process.exitCode = exitCodeFor(error);
}
