import type { Command } from "commander";
import { type ConnectionFlags, loadConfig } from "../config";
import { coverageUrl, fetchCoverage, IncompleteError } from "../coverage";
import { EXIT } from "../exit-codes";
import { coverageText, json } from "../format";
import { print } from "./shared";

interface CoverageOptions {
  requireComplete?: boolean;
  json?: boolean;
}

export function registerCoverage(program: Command): void {
  program
    .command("coverage")
    .description(
      "what your integration has rehearsed against the sandbox: transitions made, refusals met, fault kinds met",
    )
    .option("--require-complete", `exit ${EXIT.incomplete} unless every transition is made and every fault kind met`)
    .option("--json", "print the sandbox's coverage report as JSON")
    .option(
      "--sandbox-url <url>",
      "the sandbox's address (default: $FULFILL_SANDBOX_URL, then .env, then the base URL)",
    )
    .option(
      "--sandbox-token <token>",
      "the sandbox's token, when it runs beyond loopback (default: $FULFILL_SANDBOX_TOKEN)",
    )
    .addHelpText(
      "after",
      "\nAsks GET <sandbox>/_sandbox/coverage with your API key: the coverage of that key's tenant." +
        "\nA reset of the sandbox (POST /_sandbox/reset) clears it.",
    )
    .action(async (options: CoverageOptions, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<ConnectionFlags>());
      const report = await fetchCoverage(config);
      print(options.json ? json(report) : coverageText(report, coverageUrl(config)));
      if (options.requireComplete && !report.complete) {
        throw new IncompleteError(
          [`the rehearsal is not complete; missing:`, ...report.missing.map((item) => `  ${item}`)].join("\n"),
        );
      }
    });
}
