/**
 * `--state <file>`: the sandbox continues from the file at start, writes it within about a
 * second of a change, and once more on close. What is state is what `POST /_sandbox/reset`
 * resets: the orders and transition log, the fault settings, the request counts (so request ids
 * keep rising) and the console's parts (request log, coverage…).
 */
import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "./context";
import type { FaultSettings } from "./faults";
import type { Persistable } from "./persist";
import { StateFile } from "./state-file";

const SAVE_INTERVAL_MS = 1_000;

export interface SandboxState {
  readonly path: string;
  /** True once the sandbox has continued from an existing file; false for a new one. */
  restored: boolean;
  /** One line when the file was seeded otherwise than the options say: the file wins. */
  note: string | undefined;
  /** Writes the state now (it is written anyway within a second of a change, and on close). */
  save(): Promise<void>;
}

/** The context's parts besides the store: the fault settings and the request counts. */
function contextParts(context: SandboxContext): Persistable[] {
  const { faults, requests } = context;
  return [
    {
      stateKey: "faults",
      saveState: () => faults.settings,
      loadState: (saved) => {
        faults.reset();
        faults.configure(saved as Partial<FaultSettings>);
      },
    },
    {
      stateKey: "requests",
      saveState: () => requests.counts,
      loadState: (saved) => {
        const counts = saved as Partial<typeof requests.counts> | null;
        if (
          typeof counts?.total !== "number" ||
          !Array.isArray(counts.faulted) ||
          !Array.isArray(counts.undeclared) ||
          typeof counts.byRoute !== "object" ||
          typeof counts.byFault !== "object"
        ) {
          throw new Error("expected { total, byRoute, byFault, faulted: [...], undeclared: [...] }");
        }
        requests.counts = counts as typeof requests.counts;
      },
    },
  ];
}

/**
 * Wires the state file into the app: it is read when the app gets ready (a file that is no
 * sandbox state file makes `ready()`/`listen()` fail, untouched), saved when any request may
 * have changed something, and on close.
 */
export function persistState(
  app: FastifyInstance,
  context: SandboxContext,
  consoleParts: readonly Persistable[],
  path: string,
): SandboxState {
  const parts = [context.store, ...contextParts(context), ...consoleParts];
  let file: StateFile | undefined;
  let changed = false;
  let timer: NodeJS.Timeout | undefined;
  const markChanged = () => {
    changed = true;
  };
  const save = async () => {
    if (!file) return;
    changed = false;
    await file.save({ seed: context.seed, seededOrders: context.seededOrders, orders: context.store.orders.size });
  };
  const state: SandboxState = { path, restored: false, note: undefined, save };

  app.addHook("onReady", async () => {
    const opened = await StateFile.open(path, parts);
    file = opened;
    const meta = opened.restoredFrom;
    if (meta) {
      context.continueFrom(meta.seed, meta.seededOrders);
      state.restored = true;
      const { seed, orders } = context.defaults;
      if (meta.seed !== seed || meta.seededOrders !== orders) {
        state.note =
          `state file ${path} was seeded with --seed ${meta.seed} --orders ${meta.seededOrders}: it wins over ` +
          `--seed ${seed} --orders ${orders} (POST /_sandbox/reset re-seeds with those; or delete the file)`;
      }
    }
    // A new file is written at once: a path that cannot be written fails the start, not a later save.
    await save();
    timer = setInterval(() => {
      if (changed) save().catch((error: Error) => console.error(`sandbox: ${error.message}`));
    }, SAVE_INTERVAL_MS);
    timer.unref();
  });
  // Any request may change state, also late (a slow apply lands after its client gave up): its
  // start, its answer being sent and its connection closing each mark the state changed.
  app.addHook("onRequest", (_request, reply, done) => {
    changed = true;
    reply.raw.once("close", markChanged);
    done();
  });
  app.addHook("onSend", (_request, _reply, payload, done) => {
    changed = true;
    done(null, payload);
  });
  app.addHook("onClose", async () => {
    clearInterval(timer);
    try {
      await save();
    } finally {
      await file?.release();
    }
  });
  return state;
}
