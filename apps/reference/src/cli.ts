#!/usr/bin/env tsx
/** `fulfill`: parses the command line, runs the command, turns a failure into a message and an exit code. */
import { CommanderError } from "commander";
import { exitCodeFor, messageFor } from "./errors";
import { createProgram } from "./program";

try {
  await createProgram().parseAsync();
} catch (error) {
  // Commander has already printed its own usage errors (and --help).
  if (!(error instanceof CommanderError)) process.stderr.write(`fulfill: ${messageFor(error)}\n`);
  process.exitCode = exitCodeFor(error);
}
