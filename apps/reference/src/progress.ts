/**
 * Progress of `fulfill run`, on stderr (stdout keeps the summary, so `--json` output stays clean):
 * a bar on a terminal; otherwise plain lines, at every tenth of the orders and for every order that
 * failed or was left for the next run, or one per order with `--verbose`.
 */
import cliProgress from "cli-progress";
import { kindOf } from "./format";
import type { OrderOutcome } from "./worker/drive";
import type { RunSummary } from "./worker/summary";

export interface Progress {
  listed(orders: number): void;
  orderDone(outcome: OrderOutcome, summary: RunSummary): void;
  stop(): void;
}

export function createProgress({ verbose = false }: { verbose?: boolean } = {}): Progress {
  const stream = process.stderr;
  return stream.isTTY && !verbose ? progressBar(stream) : progressLines(stream, verbose);
}

function progressBar(stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: "orders {bar} {value}/{total} | {transitions} transitions | {failures} failed",
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    listed: (orders) => bar.start(orders, 0, { transitions: 0, failures: 0 }),
    orderDone: (_outcome, summary) =>
      bar.update(summary.done, { transitions: summary.transitions, failures: summary.failures.length }),
    stop: () => bar.stop(),
  };
}

function progressLines(stream: NodeJS.WriteStream, verbose: boolean): Progress {
  const say = (line: string) => stream.write(`${line}\n`);
  let total = 0;
  return {
    listed(orders) {
      total = orders;
      say(`${orders} open orders`);
    },
    orderDone(outcome, summary) {
      const { order } = outcome;
      if (verbose || outcome.error || outcome.retryLater) {
        const path = outcome.steps.map((step) => step.action).join(", ") || "nothing to do";
        const tail = outcome.error
          ? ` FAILED: ${outcome.error}`
          : outcome.retryLater
            ? ` left for the next run: ${outcome.retryLater}`
            : outcome.waiting
              ? " (waits for the customer)"
              : "";
        say(`order ${order.id} (${kindOf(order)}): ${outcome.from} → ${order.status} [${path}]${tail}`);
      }
      const tenth = Math.max(1, Math.ceil(total / 10));
      if (!verbose && (summary.done % tenth === 0 || summary.done === total)) {
        say(`${summary.done}/${total} orders, ${summary.transitions} transitions, ${summary.failures.length} failed`);
      }
    },
    stop() {},
  };
}
