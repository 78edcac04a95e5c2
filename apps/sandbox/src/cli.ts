#!/usr/bin/env node
import { Command, InvalidArgumentError } from "commander";
import { StateFileError, startSandbox } from "./index";

const integer = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a non-negative integer");
  return Number(value);
};

type CliOptions = {
  host: string;
  port: number;
  seed: number;
  orders: number;
  log: boolean;
  spec?: string;
  requestLogSize: number;
  state?: string;
};

const program = new Command("sandbox")
  .description("A stateful sandbox of the Equipme Fulfillment | Orders API, seeded with realistic orders.")
  .option("--host <host>", "interface to listen on", "127.0.0.1")
  .option("--port <port>", "port to listen on", integer, 4020)
  .option("--seed <seed>", "seed of the generated orders (same seed, same orders)", integer, 1)
  .option("--orders <count>", "number of orders to generate", integer, 200)
  .option("--log", "log every request", false)
  .option("--spec <path>", "the OpenAPI document whose request rules to enforce (default: the vendored spec)")
  .option("--request-log-size <count>", "requests the console's log keeps (the oldest dropped)", integer, 1000)
  .option(
    "--state <file>",
    "keep orders, logs, faults and coverage in this SQLite file across restarts (off by default)",
  )
  .action(async (options: CliOptions) => {
    const { spec, log, state, ...rest } = options;
    const sandbox = await startSandbox({
      ...rest,
      logger: log,
      ...(spec === undefined ? {} : { specPath: spec }),
      ...(state === undefined ? {} : { statePath: state }),
    });
    console.log(
      `Equipme sandbox listening on ${sandbox.url} (${sandbox.store.orders.size} orders, seed ${sandbox.context.seed})`,
    );
    if (sandbox.state) {
      console.log(
        sandbox.state.restored
          ? `State: continued from ${sandbox.state.path}`
          : `State: new file ${sandbox.state.path}, saved within a second of a change and on exit`,
      );
      if (sandbox.state.note) console.log(`Note: ${sandbox.state.note}`);
    }
    console.log("API keys (send as X-API-KEY):");
    for (const { apiKey, providerName } of sandbox.providers) console.log(`  ${apiKey}  ${providerName}`);
    console.log(
      `Controls: ${sandbox.url}/_sandbox/{orders,reset,faults,log,requests,stats,coverage} (see apps/sandbox/README.md)`,
    );
    console.log(`Console: ${sandbox.consoleUrl}`);
    if (sandbox.token)
      console.log(`Token (X-Sandbox-Token header or ?token=, for the console and /_sandbox): ${sandbox.token}`);
    // With --state, close() writes the file a last time: a second signal must not cut that short.
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await sandbox.close();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });

try {
  await program.parseAsync();
} catch (error) {
  if (!(error instanceof StateFileError)) throw error;
  console.error(`sandbox: ${error.message}`);
  process.exit(1);
}
