/**
 * Runs `work` on every item, at most `concurrency` at a time, in order. Once `stop` aborts, no new
 * item is started; the ones already started finish. Resolves when all started items are done.
 */
export async function forEachConcurrently<T>(
  items: Iterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  stop?: AbortSignal,
): Promise<void> {
  // One iterator shared by every lane: each item is taken once, by the next lane that is free.
  const iterator = items[Symbol.iterator]();
  const lane = async (): Promise<void> => {
    while (!stop?.aborted) {
      const next = iterator.next();
      if (next.done) return;
      await work(next.value);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
}
