import { expect, test } from "vitest";
import { bundledSizes } from "../scripts/bundle-size";

test("client + core bundle to at most 4.5 kB min+gz (openapi-fetch, a dependency, measured apart)", async () => {
  const { clientAndCore, withOpenapiFetch } = await bundledSizes();
  expect(clientAndCore.gzip).toBeLessThanOrEqual(4.5 * 1024);
  expect(withOpenapiFetch.gzip).toBeGreaterThan(clientAndCore.gzip);
});
