import { type BundleSize, bundledSize } from "@fulfillkit/testing";

const ENTRY = new URL("../src/index.ts", import.meta.url).pathname;

type Measured = BundleSize & { lazy: BundleSize };

/**
 * Client + core (the goal's measure), and everything including openapi-fetch: what a page loads
 * up front; `lazy` is what response validation loads when it is enabled.
 */
export async function bundledSizes(): Promise<{ clientAndCore: Measured; withOpenapiFetch: Measured }> {
  return { clientAndCore: await bundledSize(ENTRY, ["openapi-fetch"]), withOpenapiFetch: await bundledSize(ENTRY) };
}
