import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { type ConsoleOptions, registerConsole } from "./console/index";
import { SandboxContext } from "./context";
import { registerControlRoutes } from "./controls/routes";
import { registerErrorHandlers } from "./errors";
import type { FaultInjector } from "./faults";
import { loadSpec } from "./spec";
import { persistState, type SandboxState } from "./state";
import type { SandboxStore } from "./store";
import { pinTickObjectShape } from "./tick-shape";
import { compileValidator } from "./validation";
import { registerVendorHooks } from "./vendor/hooks";
import { registerVendorRoutes } from "./vendor/routes";

export interface SandboxOptions extends ConsoleOptions {
  seed?: number;
  orders?: number;
  logger?: boolean;
  /** The OpenAPI document whose request rules the vendor API enforces (default: the vendored spec). */
  specPath?: string;
  /**
   * Keep the state (orders, transition log, faults, request counts, the console's log and
   * coverage) in this SQLite file across restarts; off by default.
   */
  statePath?: string;
}

export interface SandboxApp {
  app: FastifyInstance;
  store: SandboxStore;
  faults: FaultInjector;
  context: SandboxContext;
  /** The state file, when `statePath` is given; it is read when the app gets ready. */
  state: SandboxState | undefined;
}

/**
 * The sandbox as a Fastify app: the vendor API (hooks, then routes) in one plugin, the
 * `/_sandbox/` controls in another; each lives in a module of its own.
 */
export function createSandboxApp(options: SandboxOptions = {}): SandboxApp {
  pinTickObjectShape();
  const context = new SandboxContext(loadSpec(options.specPath), {
    seed: options.seed ?? 1,
    orders: options.orders ?? 200,
  });
  // close() ends kept-alive connections too: a client that keeps one open must not hold a test (or
  // Ctrl-C) for keep-alive's 72 s.
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  // Declared up front, so that every request object is built with one shape: a field added to
  // some requests later gives each request its own hidden class, and every hook that reads them
  // slows down.
  const perRequest = ["provider", "fault", "sandboxRequestId", "specViolation", "nearMiss"] as const;
  for (const field of perRequest satisfies readonly (keyof FastifyRequest)[]) {
    app.decorateRequest(field, undefined);
  }
  app.setValidatorCompiler(compileValidator);
  // Every body the spec describes is JSON: a text/plain body is a 415, not a string to validate.
  app.removeContentTypeParser("text/plain");
  registerErrorHandlers(
    app,
    context.store.providers.map((provider) => provider.apiKey),
  );
  const consoleParts = registerConsole(app, context.store, context.spec, options);
  const state =
    options.statePath === undefined ? undefined : persistState(app, context, consoleParts, options.statePath);

  app.register(async (api) => {
    registerVendorHooks(api, context);
    registerVendorRoutes(api, context);
  });
  app.register(async (controls) => registerControlRoutes(controls, context), { prefix: "/_sandbox" });

  return { app, store: context.store, faults: context.faults, context, state };
}
