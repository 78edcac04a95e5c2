/**
 * A part of the sandbox's state that `--state <file>` keeps across restarts. Each part saves
 * itself as plain JSON under its own key and loads that JSON back; the state file stores the
 * parts, never an API key (keys are the seeded providers', not state).
 */
export interface Persistable {
  /** The part's name in the state file, unique in one sandbox ("orders", "request-log", …). */
  readonly stateKey: string;
  /** The part as JSON-serializable data. */
  saveState(): unknown;
  /** Replaces the part with what `saveState` returned in an earlier run. */
  loadState(saved: unknown): void;
}
