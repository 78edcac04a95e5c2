import { createSandboxApp, type SandboxApp, type SandboxOptions } from "./app";
import { CONSOLE_PATH, isLoopback, newToken } from "./console/index";
import { PROVIDERS } from "./seed";
import type { Provider } from "./store";

export { createSandboxApp, type SandboxApp, type SandboxOptions } from "./app";
export {
  type ConsoleOptions,
  type CoverageReport,
  isLoopback,
  type RequestEntry,
  type RequestSummary,
  TOKEN_HEADER,
} from "./console/index";
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
export type { SandboxState } from "./state";
export { StateFileError } from "./state-file";
export type { Provider, StoredOrder, TransitionLogEntry } from "./store";

export interface RunningSandbox extends SandboxApp {
  url: string;
  port: number;
  /** The seeded providers (tenants), each with its API key. */
  providers: readonly Provider[];
  /** The token the console and every `/_sandbox` control require; only off loopback. */
  token: string | undefined;
  /** The console's address, with the token when one is needed. */
  consoleUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a seeded sandbox; `port: 0` (the default) takes a free port. On an address beyond
 * loopback, the console and the `/_sandbox` controls require a token (a new random one unless given).
 */
export async function startSandbox(
  options: SandboxOptions & { host?: string; port?: number } = {},
): Promise<RunningSandbox> {
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? (isLoopback(host) ? undefined : newToken());
  const sandbox = createSandboxApp({ ...options, token });
  try {
    await sandbox.app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    await sandbox.app.close().catch(() => undefined);
    throw error;
  }
  const address = sandbox.app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    ...sandbox,
    url,
    port,
    providers: PROVIDERS,
    token,
    consoleUrl: `${url}${CONSOLE_PATH}${token ? `?token=${token}` : ""}`,
    close: () => sandbox.app.close(),
  };
}
