/**
 * Wraps a reload so that calls made while one runs are merged into a single run after it: a burst
 * of pushes costs at most two fetches, and the last push is never lost.
 */
export function coalesced(reload: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await reload();
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  return run;
}
