import type { Command } from "commander";
import { json, summaryTable } from "../format";
import { runWorker } from "../worker/runner";
import { EXIT_INTERRUPTED, exitCodeOf, type RunSummary } from "../worker/summary";
import { createProgress } from "./run-progress";
import { activationDate, clientFor, positiveInteger, print } from "./shared";

interface RunOptions {
  concurrency: number;
  activationDate?: string;
  json?: boolean;
  verbose?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description(
      "the worker: take every open order as far as the provider can (preorders wait for the customer); idempotent",
    )
    .option("--concurrency <n>", "orders driven at once", positiveInteger, 8)
    .option("--activation-date <date>", "sent with every complete (2026-12-01 or ISO 8601)", activationDate)
    .option("--json", "print the summary as JSON")
    .option("--verbose", "a line per order (what was done), instead of a progress bar")
    .addHelpText(
      "after",
      "\nCtrl-C stops taking orders, lets the steps in flight finish and prints the summary so far (exit 130);" +
        "\na second Ctrl-C quits at once. Exit 1 when any order failed.",
    )
    .action(async (options: RunOptions, command: Command) => {
      const client = clientFor(command);
      const stop = new AbortController();
      const onInterrupt = () => {
        if (stop.signal.aborted) process.exit(EXIT_INTERRUPTED);
        process.stderr.write("\nstopping: the steps in flight finish, then the summary (Ctrl-C again to quit now)\n");
        stop.abort();
      };
      process.on("SIGINT", onInterrupt);

      const progress = createProgress({ verbose: options.verbose });
      let summary: RunSummary;
      try {
        summary = await runWorker({
          client,
          concurrency: options.concurrency,
          activationDate: options.activationDate,
          stop: stop.signal,
          onListed: progress.listed,
          onOrderDone: progress.orderDone,
        });
      } finally {
        // The bar leaves the terminal before the summary (or the error) is printed.
        progress.stop();
        process.off("SIGINT", onInterrupt);
      }
      print(options.json ? json(summary) : summaryTable(summary));
      process.exitCode = exitCodeOf(summary);
    });
}
