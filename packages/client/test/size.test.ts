import { expect, test } from "vitest";
import { bundledSizes } from "../scripts/bundle-size";

test("client + core bundle to at most 4.5 kB min+gz (openapi-fetch, a dependency, measured apart)", async () => {
  const { clientAndCore, withOpenapiFetch } = await bundledSizes();
  expect(clientAndCore.gzip).toBeLessThanOrEqual(4.5 * 1024);
  expect(withOpenapiFetch.gzip).toBeGreaterThan(clientAndCore.gzip);
});

test("response validation is split off: its validator and schemas load only when it is enabled", async () => {
  const { clientAndCore } = await bundledSizes();
  // @cfworker/json-schema and core's JSON Schema of the responses, behind a dynamic import.
  expect(clientAndCore.lazy.gzip).toBeGreaterThan(4 * 1024);
});
