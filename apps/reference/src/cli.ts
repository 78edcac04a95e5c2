#!/usr/bin/env node
/** `fulfill`: parses the command line, runs the command, turns a failure into a message and an exit code. */
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
