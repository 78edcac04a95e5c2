import { type BundleSize, bundledSize } from "@fulfillkit/testing";

const ENTRY = new URL("../src/index.ts", import.meta.url).pathname;

/** Client + core (the goal's measure), and everything including openapi-fetch. */
export async function bundledSizes(): Promise<{ clientAndCore: BundleSize; withOpenapiFetch: BundleSize }> {
  return { clientAndCore: await bundledSize(ENTRY, ["openapi-fetch"]), withOpenapiFetch: await bundledSize(ENTRY) };
}
