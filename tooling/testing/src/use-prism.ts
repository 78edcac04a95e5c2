import { afterAll, beforeAll } from "vitest";
import { type PrismOptions, type RunningPrism, startPrism } from "./prism";

/**
 * Starts Prism before the tests of the calling file and stops it after them, whether they
 * passed or not. Read `.url` inside tests (it is set once `beforeAll` has run).
 */
export function usePrism(options: PrismOptions = {}): { readonly url: string; readonly prism: RunningPrism } {
  let prism: RunningPrism | undefined;
  beforeAll(async () => {
    prism = await startPrism(options);
  }, 60_000);
  afterAll(async () => {
    await prism?.stop();
  });
  const started = (): RunningPrism => {
    if (!prism) throw new Error("usePrism: Prism is not running yet (read .url inside a test, not at import time)");
    return prism;
  };
  return {
    get url() {
      return started().url;
    },
    get prism() {
      return started();
    },
  };
}
