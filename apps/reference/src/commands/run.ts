import type { FulfillmentStatus } from "@fulfillkit/core";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { type ConnectionFlags, connect } from "../config";
import { keyValueTable } from "../format";
import { type RunSummary, runWorker } from "../worker/run";

export const EXIT_INTERRUPTED = 130;

export function summaryText(summary: RunSummary): string {
  const rows: Array<[string, string | number]> = Object.entries(summary.byStatus)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([status, count]) => [`orders ${status as FulfillmentStatus}`, count ?? 0]);
  rows.push(
    ["orders read", summary.orders],
    ["transitions made", summary.transitions],
    ["conflicts re-planned", summary.conflictsReplanned],
    ["waiting for the customer", summary.waiting],
    ["failures", summary.failures.length],
  );
  return keyValueTable(rows);
}

export function registerRunCommand(program: Command, connection: () => ConnectionFlags): void {
  program
    .command("run")
    .description("the worker: take every open order as far as the provider can (idempotent)")
    .option("--concurrency <n>", "orders in flight at once", (v) => Number(v), 8)
    .option("--activation-date <date>", "activation date for complete (ISO 8601)")
    .option("--json", "print the summary as JSON")
    .action(async (options: { concurrency: number; activationDate?: string; json?: boolean }) => {
      const client = connect(connection());
      const stop = new AbortController();
      process.once("SIGINT", () => {
        console.error("\ninterrupted: finishing the steps in flight…");
        stop.abort();
      });
      const bar =
        process.stdout.isTTY && !options.json
          ? new cliProgress.SingleBar({}, cliProgress.Presets.shades_classic)
          : undefined;
      const summary = await runWorker({
        client,
        concurrency: options.concurrency,
        activationDate: options.activationDate,
        stop: stop.signal,
        onOrderDone(outcome, done, total) {
          if (bar) {
            if (done === 1) bar.start(total, 0);
            bar.update(done);
          } else if (!options.json) {
            const note = outcome.error
              ? ` FAILED: ${outcome.error}`
              : outcome.waiting
                ? " (waits for the customer)"
                : "";
            console.log(`order ${outcome.orderId}: ${outcome.status}, ${outcome.transitions} transitions${note}`);
          }
        },
      });
      bar?.stop();
      console.log(options.json ? JSON.stringify(summary, null, 2) : summaryText(summary));
      if (summary.interrupted) process.exitCode = EXIT_INTERRUPTED;
      else if (summary.failures.length > 0) process.exitCode = 1;
    });
}
