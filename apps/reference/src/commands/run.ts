import type { Command } from "commander";
import { EXIT, exitCodeForSignal } from "../exit-codes";
import { json, summaryTable } from "../format";
import { createProgress } from "../progress";
import { runWorker } from "../worker/runner";
import { exitCodeOf, type RunSummary, type StopSignal } from "../worker/summary";
import { activationDate, clientFor, positiveInteger, print } from "./shared";

interface RunOptions {
  concurrency: number;
  activationDate?: string;
  json?: boolean;
  verbose?: boolean;
}

const STOP_SIGNALS: readonly StopSignal[] = ["SIGINT", "SIGTERM"];

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
      `\nCtrl-C or SIGTERM stops taking orders, lets the steps in flight finish and prints the summary so far` +
        `\n(exit ${EXIT.interrupted} after Ctrl-C, ${EXIT.terminated} after SIGTERM); a second signal quits at once.` +
        `\nExit ${EXIT.failed} when any order failed, ${EXIT.retryLater} when the API kept failing on some (run again later).`,
    )
    .action(async (options: RunOptions, command: Command) => {
      const client = clientFor(command);
      const stop = new AbortController();
      const onSignal = (signal: StopSignal) => {
        if (stop.signal.aborted) process.exit(exitCodeForSignal(signal));
        process.stderr.write(
          `\n${signal}: stopping; the steps in flight finish, then the summary (send it again to quit now)\n`,
        );
        // The reason names the signal: the summary and the exit code tell which one stopped the run.
        stop.abort(signal);
      };
      for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

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
        for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
      }
      print(options.json ? json(summary) : summaryTable(summary));
      process.exitCode = exitCodeOf(summary);
    });
}
