import { executionAsyncResource } from "node:async_hooks";

let pinned: object | undefined;
let scheduled = false;

/**
 * Keeps one of `process.nextTick`'s own queue entries alive for the life of the process, so that
 * every later entry keeps one hidden class and `nextTick` stays on V8's fast path.
 *
 * Why: Node (20 and 24) builds each entry as an object literal whose first keys are computed
 * (symbols). V8 remembers the hidden classes such a literal goes through only weakly. A full garbage
 * collection at a moment when no entry is alive (the server idle between requests) frees those
 * classes; the next entries get new ones, V8 marks the literal's definitions megamorphic for
 * good, and from then on every `nextTick` defines its keys in the runtime: about 5 µs more per
 * request of the sandbox (a tenth of a PUT), on a plain `node:http` server too. The console makes
 * such collections come sooner (it keeps more), which is how the console benchmark found it.
 * One live entry holds its hidden class, and the chain before it, for good.
 * test/tick-shape.test.ts proves both the fault and the cure.
 */
export function pinTickObjectShape(): void {
  if (pinned || scheduled) return;
  scheduled = true;
  // Inside a tick's callback, the resource being executed is that tick's queue entry.
  process.nextTick(() => {
    pinned = executionAsyncResource();
  });
}
