/**
 * How long `fulfill orders show <id>` takes from the shell to its answer, started cold (a new
 * process each time), the built command against the old way in the same run:
 * - before: `node --import tsx src/cli.ts` (what `pnpm --filter @fulfillkit/reference fulfill` ran:
 *   TypeScript compiled at every start), and that through pnpm as the walkthrough had it;
 * - after: `dist/cli.js` (the bin, through its shebang), and `pnpm fulfill` from the repository root;
 * - the floor: `node` making one `fetch`, no CLI at all: no command can start faster on this Node.
 * Median of BENCH_RUNS (15; 1 with BENCH_QUICK) starts each, interleaved so that a busy moment of
 * the machine falls on every variant alike. Goal: the built command ≤ 500 ms. Printed, not asserted.
 */
import { execFile } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { startSandbox } from "@fulfillkit/sandbox";
import { TSX } from "./sandbox-process";

const RUNS = Number(process.env.BENCH_RUNS ?? (process.env.BENCH_QUICK ? 1 : 15));
const GOAL_MS = 500;
const APP = fileURLToPath(new URL("..", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

const sandbox = await startSandbox({ seed: 1, orders: 50 });
const [provider] = sandbox.providers;
const env = { ...process.env, EQUIPME_BASE_URL: sandbox.url, EQUIPME_API_KEY: provider?.apiKey ?? "" };
const show = ["orders", "show", "1"];

const variants: Array<{ name: string; command: string; args: string[]; cwd: string }> = [
  {
    name: "before: node --import tsx src/cli.ts",
    command: process.execPath,
    args: ["--import", TSX, "src/cli.ts", ...show],
    cwd: APP,
  },
  {
    name: "before: pnpm --filter … exec tsx src/cli.ts",
    command: "pnpm",
    args: ["--silent", "--filter", "@fulfillkit/reference", "exec", "tsx", "src/cli.ts", ...show],
    cwd: REPO_ROOT,
  },
  { name: "after: dist/cli.js (the bin)", command: "./dist/cli.js", args: show, cwd: APP },
  { name: "after: pnpm fulfill (repo root)", command: "pnpm", args: ["--silent", "fulfill", ...show], cwd: REPO_ROOT },
  {
    name: "floor: node + one fetch",
    command: process.execPath,
    args: [
      "--input-type=module",
      "-e",
      `await (await fetch("${sandbox.url}/v1/fulfillment/orders/1", { headers: { "x-api-key": process.env.EQUIPME_API_KEY } })).text()`,
    ],
    cwd: APP,
  },
];

/** One start, to its exit (the sandbox answers from this process: no spawnSync, it would block it). */
function timeOnce({ command, args, cwd }: (typeof variants)[number]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} failed: ${error.message} ${stderr}`));
      else resolve(performance.now() - started);
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

try {
  const times = variants.map(() => [] as number[]);
  for (let run = 0; run < RUNS; run++) {
    for (const [i, variant] of variants.entries()) times[i]?.push(await timeOnce(variant));
  }
  const medians = times.map(median);
  const [tsx, , built, , floor] = medians as [number, number, number, number, number];
  console.log(
    `fulfill orders show: cold start, median of ${RUNS}, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} on this machine`,
  );
  console.table(variants.map(({ name }, i) => ({ variant: name, "median (ms)": Math.round(medians[i] ?? 0) })));
  console.log(
    `before / after (tsx / dist): ${(tsx / built).toFixed(1)}×; after / floor: ${(built / floor).toFixed(2)}; goal: dist/cli.js ≤ ${GOAL_MS} ms: ${Math.round(built)} ms ${built <= GOAL_MS ? "✓" : "✗"}`,
  );
} finally {
  await sandbox.close();
}
