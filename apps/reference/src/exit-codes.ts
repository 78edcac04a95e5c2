/**
 * Every exit code `fulfill` ends with, defined once: the commands return these, `--help` and the
 * README list them from here (a test holds the README to this table).
 */
export const EXIT = {
  ok: 0,
  /** An order failed, a transition was refused (locally or by the server), or the API answered an error. */
  failed: 1,
  /** A bad flag, a request the client refused to send (ValidationError), or incomplete configuration. */
  usage: 2,
  /** `fulfill coverage --require-complete`: the rehearsal is not complete (what is missing is listed). */
  incomplete: 3,
  /** `fulfill run`: the API kept failing (429, 5xx, no answer) on some orders; they wait for the next run. */
  retryLater: 75,
  /** Stopped by Ctrl-C (SIGINT): 128 + 2, as a shell reports it. */
  interrupted: 130,
  /** Stopped by SIGTERM (a service manager, `kill`, a container stop): 128 + 15. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** One line per code, for `--help` and the README. */
export const EXIT_CODE_MEANINGS: ReadonlyArray<readonly [ExitCode, string]> = [
  [EXIT.ok, "done"],
  [EXIT.failed, "an order failed, a transition was refused, or the API answered an error"],
  [EXIT.usage, "a bad flag or argument, or the configuration is incomplete; nothing was sent"],
  [EXIT.incomplete, "coverage --require-complete: the rehearsal is not complete; what is missing is listed"],
  [EXIT.retryLater, "run: the API kept failing (429, 5xx, no answer) on some orders; run again later"],
  [EXIT.interrupted, "interrupted by Ctrl-C (SIGINT); the steps in flight finished"],
  [EXIT.terminated, "stopped by SIGTERM; the steps in flight finished"],
];

export function exitCodesHelp(): string {
  return [
    "Exit codes:",
    ...EXIT_CODE_MEANINGS.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`),
  ].join("\n");
}

/** The exit code of a run stopped by `signal`. */
export function exitCodeForSignal(signal: "SIGINT" | "SIGTERM"): ExitCode {
  return signal === "SIGTERM" ? EXIT.terminated : EXIT.interrupted;
}
