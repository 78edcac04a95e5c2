import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import initSqlJs from "sql.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createSandboxApp,
  PROVIDERS,
  type RunningSandbox,
  type SandboxOptions,
  StateFileError,
  sandboxControl,
  seedOrders,
  startSandbox,
} from "../src/index";

const KEY = "sandbox-key-provider-1";
const ORDERS = "/v1/fulfillment/orders";
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sandbox-state-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;
const newPath = () => join(dir, `state-${++files}.db`);

async function call(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "x-api-key": KEY, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    requestId: Number(response.headers.get("x-sandbox-request-id")),
    body: text ? JSON.parse(text) : undefined,
  };
}

/** What a restart must keep: every order as the API shows it, the logs, the faults, the counts. */
async function snapshot(sandbox: RunningSandbox) {
  const control = sandboxControl(sandbox.url);
  return {
    orders: [...sandbox.store.orders.values()].sort((a, b) => a.order.id - b.order.id),
    log: await control.log(),
    faults: (await fetch(`${sandbox.url}/_sandbox/faults`).then((r) => r.json())) as unknown,
    requests: await control.requests(),
    requestLog: await json(sandbox, "/_sandbox/console/requests?limit=1000"),
    requestEntries: await Promise.all([1, 2, 3].map((seq) => json(sandbox, `/_sandbox/console/requests/${seq}`))),
    coverage: await json(sandbox, "/_sandbox/coverage?providerId=1"),
    timeline: await json(sandbox, "/_sandbox/orders/31/timeline"),
  };
}

const json = (sandbox: RunningSandbox, path: string) => fetch(`${sandbox.url}${path}`).then((r) => r.json());

/** The state file's tables, read with sql.js as any SQLite tool would. */
async function tables(path: string) {
  const SQL = await initSqlJs();
  const db = new SQL.Database(await readFile(path));
  try {
    const meta = db.exec("SELECT format, seed, seeded_orders, orders FROM meta")[0]?.values;
    const parts = Object.fromEntries(
      (db.exec("SELECT key, json FROM parts")[0]?.values ?? []).map(([key, json]) => [key, JSON.parse(String(json))]),
    );
    return { meta, parts };
  } finally {
    db.close();
  }
}

async function withSandbox<T>(options: SandboxOptions, use: (sandbox: RunningSandbox) => Promise<T>): Promise<T> {
  const sandbox = await startSandbox(options);
  try {
    return await use(sandbox);
  } finally {
    await sandbox.close();
  }
}

describe("--state: a new file", () => {
  test("starts seeded as usual, and the file is written at once with its meta row", async () => {
    const path = newPath();
    await withSandbox({ seed: 5, orders: 20, statePath: path }, async (sandbox) => {
      expect(sandbox.state).toMatchObject({ path, restored: false, note: undefined });
      const seeded = seedOrders({ seed: 5, orders: 20 }).map((stored) => stored.order);
      expect([...sandbox.store.orders.values()].map((stored) => stored.order)).toEqual(seeded);
      const { meta, parts } = await tables(path);
      expect(meta).toEqual([[1, 5, 20, 20]]);
      expect(Object.keys(parts).sort()).toEqual(expect.arrayContaining(["faults", "orders", "requests"]));
      expect(parts.orders.orders).toHaveLength(20);
    });
  }, 60_000);

  test("an empty file is a new one", async () => {
    const path = newPath();
    await writeFile(path, "");
    await withSandbox({ seed: 5, orders: 3, statePath: path }, async (sandbox) => {
      expect(sandbox.state?.restored).toBe(false);
      expect((await tables(path)).meta).toEqual([[1, 5, 3, 3]]);
    });
  }, 60_000);

  test("a path that cannot be written fails the start, naming it", async () => {
    const path = join(dir, "no-such-directory", "state.db");
    const attempt = startSandbox({ orders: 1, statePath: path });
    await expect(attempt).rejects.toBeInstanceOf(StateFileError);
    await expect(attempt).rejects.toThrow(`state file ${path} cannot be locked (ENOENT`);
  }, 60_000);

  test("without statePath nothing is kept: no state, a restart is a fresh seed", async () => {
    const sandbox = await startSandbox({ seed: 5, orders: 3 });
    expect(sandbox.state).toBeUndefined();
    await sandbox.close();
  });
});

describe("--state: across a restart", () => {
  let before: Awaited<ReturnType<typeof snapshot>>;
  let lastRequestId = 0;
  let statePath = "";

  beforeAll(async () => {
    statePath = newPath();
    await withSandbox({ seed: 9, orders: 30, statePath }, async (sandbox) => {
      const control = sandboxControl(sandbox.url);
      const created = await control.createOrder({ transactionType: "order", isPreorder: false, status: "new" });
      // A refusal too: the request counts keep it.
      const refused = { action: "dispatchDelivery" };
      expect((await call(sandbox.url, "POST", `${ORDERS}/${created.id}/transitions`, refused)).status).toBe(409);
      // A body that carries a key: the request log keeps it masked.
      const withKey = { action: "process", note: KEY };
      expect((await call(sandbox.url, "POST", `${ORDERS}/${created.id}/transitions`, withKey)).status).toBe(400);
      expect(
        (await call(sandbox.url, "POST", `${ORDERS}/${created.id}/transitions`, { action: "process" })).status,
      ).toBe(204);
      const patch = [{ op: "replace", path: "/externalId", value: "KEPT-1" }];
      expect((await call(sandbox.url, "PATCH", `${ORDERS}/${created.id}`, patch)).status).toBe(204);
      for (const stored of sandbox.store.orders.values()) {
        if (stored.providerId === 1 && stored.order.status === "new" && stored.order.id !== created.id) {
          await call(sandbox.url, "POST", `${ORDERS}/${stored.order.id}/transitions`, { action: "process" });
        }
      }
      await control.setFaults({ latencyMs: 1, retryAfterSeconds: 7, seed: 42 });
      lastRequestId = (await call(sandbox.url, "GET", `${ORDERS}/${created.id}`)).requestId;
      before = await snapshot(sandbox);
      expect(before.log.length).toBeGreaterThan(1);
      expect(before.requestLog.total).toBe(lastRequestId);
      expect(before.requestEntries[1].requestBody).toBe(JSON.stringify({ action: "process", note: "sand…-1" }));
      expect(before.coverage.refusals).toEqual(["action-not-allowed-from-status"]);
      expect(before.timeline.events.map((event: { status: number }) => event.status)).toEqual([
        409, 400, 204, 204, 200,
      ]);
    });
  }, 60_000);

  test("the same orders in the same statuses, the transition log, the faults, the request counts, the request log, coverage and timelines", async () => {
    await withSandbox({ seed: 9, orders: 30, statePath }, async (sandbox) => {
      expect(sandbox.state).toMatchObject({ restored: true, note: undefined });
      expect(await snapshot(sandbox)).toEqual(before);
      const order = sandbox.store.orders.get(31)?.order;
      expect(order).toMatchObject({ status: "inprocess", externalId: "KEPT-1" });
    });
  }, 60_000);

  test("request ids keep rising, and new orders get new ids", async () => {
    await withSandbox({ seed: 9, orders: 30, statePath }, async (sandbox) => {
      expect((await call(sandbox.url, "GET", `${ORDERS}/1`)).requestId).toBe(lastRequestId + 1);
      const created = await sandboxControl(sandbox.url).createOrder({ transactionType: "order" });
      expect(created.id).toBe(32);
    });
  }, 60_000);

  test("the file holds no API key", async () => {
    const bytes = await readFile(statePath);
    for (const { apiKey } of PROVIDERS) {
      expect(bytes.includes(Buffer.from(apiKey))).toBe(false);
      expect(bytes.includes(Buffer.from(apiKey, "utf16le"))).toBe(false);
    }
    expect(bytes.includes(Buffer.from("KEPT-1"))).toBe(true);
  });
});

describe("--state: saving", () => {
  test("a change is in the file within about a second, without a stop", async () => {
    const path = newPath();
    await withSandbox({ seed: 3, orders: 5, statePath: path }, async (sandbox) => {
      const created = await sandboxControl(sandbox.url).createOrder({ transactionType: "order", status: "new" });
      await call(sandbox.url, "POST", `${ORDERS}/${created.id}/transitions`, { action: "process" });
      await expect
        .poll(async () => (await tables(path)).parts.orders.log.map((entry: { orderId: number }) => entry.orderId), {
          timeout: 15_000,
          interval: 200,
        })
        .toEqual([created.id]);
      // Written by rename: no temp file is left beside it.
      expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    });
  }, 60_000);

  test("close() writes the last changes (createSandboxApp and inject, right after ready)", async () => {
    const path = newPath();
    const { app } = createSandboxApp({ seed: 2, orders: 4, statePath: path });
    await app.ready();
    const answer = await app.inject({
      method: "POST",
      url: `${ORDERS}/1/transitions`,
      headers: { "x-api-key": KEY, "content-type": "application/json" },
      payload: { action: "cancel" },
    });
    expect(answer.statusCode).toBe(204);
    await app.close();
    const log = (await tables(path)).parts.orders.log as { orderId: number; action: string }[];
    expect(log.map((entry) => [entry.orderId, entry.action])).toEqual([[1, "cancel"]]);
  }, 60_000);

  test("a slow apply that lands after its client gave up is saved too", async () => {
    const path = newPath();
    await withSandbox({ seed: 3, orders: 5, statePath: path }, async (sandbox) => {
      const control = sandboxControl(sandbox.url);
      const created = await control.createOrder({ transactionType: "order", status: "new" });
      await control.setFaults({ rateSlowApply: 1, slowApplyMs: 1_500 });
      const gaveUp = fetch(`${sandbox.url}${ORDERS}/${created.id}/transitions`, {
        method: "POST",
        headers: { "x-api-key": KEY, "content-type": "application/json" },
        body: JSON.stringify({ action: "process" }),
        signal: AbortSignal.timeout(100),
      });
      await expect(gaveUp).rejects.toThrow();
      await expect
        .poll(async () => (await tables(path)).parts.orders.log.map((entry: { fault?: string }) => entry.fault), {
          timeout: 15_000,
          interval: 200,
        })
        .toEqual([expect.stringMatching(/^slow-apply/)]);
    });
  }, 60_000);

  test("POST /_sandbox/reset resets the kept state: after a restart, the fresh seed", async () => {
    const path = newPath();
    await withSandbox({ seed: 4, orders: 10, statePath: path }, async (sandbox) => {
      const control = sandboxControl(sandbox.url);
      const created = await control.createOrder({ transactionType: "order" });
      await call(sandbox.url, "POST", `${ORDERS}/${created.id}/transitions`, { action: "dispatchDelivery" });
      await control.setFaults({ rate503: 0.5 });
      await control.reset();
      expect(sandbox.store.orders.size).toBe(10);
      await expect
        .poll(async () => (await tables(path)).parts.orders.orders.length, { timeout: 15_000, interval: 200 })
        .toBe(10);
    });
    await withSandbox({ seed: 4, orders: 10, statePath: path }, async (sandbox) => {
      expect(sandbox.state?.restored).toBe(true);
      const fresh = seedOrders({ seed: 4, orders: 10 }).map((stored) => stored.order);
      expect([...sandbox.store.orders.values()].map((stored) => stored.order)).toEqual(fresh);
      const control = sandboxControl(sandbox.url);
      expect(await control.log()).toEqual([]);
      expect((await fetch(`${sandbox.url}/_sandbox/faults`).then((r) => r.json())).rate503).toBe(0);
      expect((await json(sandbox, "/_sandbox/console/requests")).total).toBe(0);
      expect((await json(sandbox, "/_sandbox/coverage?providerId=1")).refusals).toEqual([]);
      expect((await call(sandbox.url, "GET", `${ORDERS}/1`)).requestId).toBe(1);
    });
  }, 60_000);
});

describe("--state: one sandbox per file", () => {
  test("a second sandbox on a file in use is refused; after the first stops, it may", async () => {
    const path = newPath();
    const first = await startSandbox({ orders: 2, statePath: path });
    try {
      expect(await readFile(`${path}.lock`, "utf8")).toBe(String(process.pid));
      const second = startSandbox({ orders: 2, statePath: path });
      await expect(second).rejects.toBeInstanceOf(StateFileError);
      await expect(second).rejects.toThrow(
        `state file ${path} is in use by another sandbox (process ${process.pid}, lock ${path}.lock): stop that one, or name another file with --state`,
      );
    } finally {
      await first.close();
    }
    expect((await readdir(dir)).filter((name) => name.endsWith(".lock"))).toEqual([]);
    await withSandbox({ orders: 2, statePath: path }, async (sandbox) => {
      expect(sandbox.state?.restored).toBe(true);
    });
  }, 60_000);

  test("the lock of a process that is gone (a crash) is taken over", async () => {
    const path = newPath();
    await withSandbox({ orders: 2, statePath: path }, async () => undefined);
    const gone = spawn(process.execPath, ["-e", ""]);
    await once(gone, "exit");
    await writeFile(`${path}.lock`, String(gone.pid));
    await withSandbox({ orders: 2, statePath: path }, async (sandbox) => {
      expect(sandbox.state?.restored).toBe(true);
      expect(await readFile(`${path}.lock`, "utf8")).toBe(String(process.pid));
    });
  }, 60_000);
});

describe("--state: another --seed or --orders", () => {
  test("the file wins, with a one-line note; a reset then seeds with the options", async () => {
    const path = newPath();
    await withSandbox({ seed: 5, orders: 12, statePath: path }, async () => undefined);
    await withSandbox({ seed: 6, orders: 4, statePath: path }, async (sandbox) => {
      expect(sandbox.store.orders.size).toBe(12);
      expect(sandbox.context.seed).toBe(5);
      expect(sandbox.state?.note).toBe(
        `state file ${path} was seeded with --seed 5 --orders 12: it wins over --seed 6 --orders 4 ` +
          "(POST /_sandbox/reset re-seeds with those; or delete the file)",
      );
      expect(sandbox.state?.note).not.toContain("\n");
      expect(await sandboxControl(sandbox.url).reset()).toEqual({ seed: 6, orders: 4 });
    });
    await withSandbox({ seed: 6, orders: 4, statePath: path }, async (sandbox) => {
      expect(sandbox.store.orders.size).toBe(4);
      expect(sandbox.state?.note).toBeUndefined();
    });
  }, 60_000);
});

describe("--state: a file that is not the sandbox's is refused and left untouched", () => {
  async function expectRefused(path: string, message: RegExp) {
    const bytes = await readFile(path);
    const modified = (await stat(path)).mtimeMs;
    const attempt = startSandbox({ orders: 2, statePath: path });
    await expect(attempt).rejects.toBeInstanceOf(StateFileError);
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toThrow(path);
    await expect(attempt).rejects.toThrow(
      "it was left as it is: name another file with --state, or move this one away",
    );
    expect(await readFile(path)).toEqual(bytes);
    expect((await stat(path)).mtimeMs).toBe(modified);
  }

  test("bytes that are no SQLite database", async () => {
    const path = newPath();
    await writeFile(path, "orders,status\n1,new\n".repeat(40));
    await expectRefused(path, /is not a sandbox state file \(file is not a database\)/);
  });

  test("another application's SQLite database", async () => {
    const path = newPath();
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')");
    await writeFile(path, db.export());
    await expectRefused(path, /is an SQLite database of another application/);
  });

  async function editedStateFile(edit: string) {
    const path = newPath();
    await withSandbox({ orders: 2, statePath: path }, async () => undefined);
    const SQL = await initSqlJs();
    const db = new SQL.Database(await readFile(path));
    db.run(edit);
    await writeFile(path, db.export());
    return path;
  }

  test("a newer state format", async () => {
    const path = await editedStateFile("UPDATE meta SET format = 2");
    await expectRefused(path, /has state format 2, this sandbox reads format 1/);
  }, 60_000);

  test("a part that does not load names the part", async () => {
    const path = await editedStateFile(`UPDATE parts SET json = '{"orders": 5}' WHERE key = 'orders'`);
    await expectRefused(path, /its part "orders" does not load \(expected \{ orders: \[\.\.\.\], log: \[\.\.\.\] \}\)/);
  }, 60_000);

  test("fault settings out of range name the setting", async () => {
    const path = await editedStateFile(`UPDATE parts SET json = '{"rate503": 3}' WHERE key = 'faults'`);
    await expectRefused(path, /its part "faults" does not load \(rate503 must be <= 1\)/);
  }, 60_000);
});

describe("sandbox --state (the CLI, a child process)", () => {
  const sandboxDir = fileURLToPath(new URL("..", import.meta.url));
  const tsx = createRequire(import.meta.url).resolve("tsx");
  // What `pnpm sandbox` runs: one process, so a signal reaches the CLI's own handler.
  function run(args: string[]) {
    const child = spawn(process.execPath, ["--import", tsx, "src/cli.ts", ...args], {
      cwd: sandboxDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = once(child, "exit").then(([code]) => code as number | null);
    return { child, exited };
  }

  async function output(child: ChildProcess, until: RegExp) {
    let text = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
    });
    await expect.poll(() => until.test(text), { timeout: 30_000 }).toBe(true);
    return () => text;
  }

  test("--help lists --state", async () => {
    const { child, exited } = run(["--help"]);
    const text = await output(child, /--state <file>/);
    expect(await exited).toBe(0);
    expect(text()).toMatch(/--state <file>\s+keep orders, logs, faults and coverage in this\s+SQLite file/);
  }, 60_000);

  test("a moved order survives SIGTERM and a restart", async () => {
    const path = newPath();
    const first = run(["--port", "0", "--orders", "8", "--state", path]);
    const firstOut = await output(first.child, /Console: /);
    expect(firstOut()).toContain(`State: new file ${path}`);
    const url = /listening on (\S+)/.exec(firstOut())?.[1] ?? "";
    const order = (await call(url, "GET", `${ORDERS}?status=new&limit=1`)).body.items[0].id as number;
    expect((await call(url, "POST", `${ORDERS}/${order}/transitions`, { action: "process" })).status).toBe(204);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const second = run(["--port", "0", "--orders", "8", "--state", path]);
    try {
      const secondOut = await output(second.child, /Console: /);
      expect(secondOut()).toContain(`State: continued from ${path}`);
      const again = /listening on (\S+)/.exec(secondOut())?.[1] ?? "";
      expect((await call(again, "GET", `${ORDERS}/${order}`)).body.status).toBe("inprocess");
      expect((await sandboxControl(again).log()).map((entry) => [entry.orderId, entry.to])).toEqual([
        [order, "inprocess"],
      ]);
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  }, 90_000);

  test("a file that is not a state file: exit 1, the error names the file and the fix", async () => {
    const path = newPath();
    await writeFile(path, "not a database, just text ".repeat(30));
    const { child, exited } = run(["--port", "0", "--state", path]);
    const text = await output(child, /left as it is/);
    expect(await exited).toBe(1);
    expect(text()).toContain(`sandbox: state file ${path} is not a sandbox state file`);
    expect(text()).toContain("name another file with --state, or move this one away");
    expect(await readFile(path, "utf8")).toBe("not a database, just text ".repeat(30));
  }, 60_000);
});
