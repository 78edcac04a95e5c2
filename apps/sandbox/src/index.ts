import { createSandboxApp, type SandboxApp, type SandboxOptions } from "./app";
import { PROVIDERS } from "./seed";
import type { Provider } from "./store";

export { createSandboxApp, type SandboxApp, type SandboxOptions } from "./app";
export {
  type FaultedRequest,
  type RequestCounts,
  type SandboxControl,
  sandboxControl,
  type UndeclaredAnswer,
} from "./controls/client";
export { type FaultLabel, type FaultSettings, NO_FAULTS } from "./faults";
export { PROVIDERS, seedOrders } from "./seed";
export { VENDORED_SPEC_PATH } from "./spec";
export type { Provider, StoredOrder, TransitionLogEntry } from "./store";

export interface RunningSandbox extends SandboxApp {
  url: string;
  port: number;
  apiKeys: readonly Provider[];
  close(): Promise<void>;
}

/** Starts a seeded sandbox; `port: 0` (the default) takes a free port. */
export async function startSandbox(
  options: SandboxOptions & { host?: string; port?: number } = {},
): Promise<RunningSandbox> {
  const sandbox = createSandboxApp(options);
  const host = options.host ?? "127.0.0.1";
  await sandbox.app.listen({ host, port: options.port ?? 0 });
  const address = sandbox.app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  return {
    ...sandbox,
    url: `http://${host}:${port}`,
    port,
    apiKeys: PROVIDERS,
    close: () => sandbox.app.close(),
  };
}
