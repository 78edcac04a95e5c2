import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type RunningSandbox, startSandbox } from "@fulfillkit/sandbox";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 21, orders: 40 });
});
afterAll(() => sandbox.close());

async function fulfill(args: string[], env: Record<string, string | undefined> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", CLI, ...args], {
      env: { ...process.env, EQUIPME_BASE_URL: sandbox.url, EQUIPME_API_KEY: "sandbox-key-provider-1", ...env },
      cwd: fileURLToPath(new URL(".", import.meta.url)),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const requests = async () =>
  (await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()) as {
    total: number;
    byRoute: Record<string, number>;
  };

describe("fulfill", () => {
  test.each([
    [[]],
    [["orders"]],
    [["orders", "list"]],
    [["orders", "show"]],
    [["orders", "transition"]],
    [["orders", "advance"]],
    [["orders", "link"]],
    [["run"]],
  ])("%j --help", async (command) => {
    const { code, stdout } = await fulfill([...command, "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: fulfill/);
  });

  test("orders list --json and orders show --json parse", async () => {
    const list = await fulfill(["orders", "list", "--status", "new", "--limit", "5", "--json"]);
    expect(list.code).toBe(0);
    const page = JSON.parse(list.stdout);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((o: { status: string }) => o.status === "new")).toBe(true);
    const show = await fulfill(["orders", "show", String(page.items[0].id), "--json"]);
    expect(JSON.parse(show.stdout)).toMatchObject({
      order: { id: page.items[0].id },
      allowedActions: ["process", "cancel"],
    });
  });

  test("a transition refused locally prints the reason and sends no transition", async () => {
    const order = [...sandbox.store.orders.values()].find((s) => s.providerId === 1 && s.order.status === "new");
    if (!order) throw new Error("seed has no new order");
    const before = await requests();
    const refused = await fulfill(["orders", "transition", String(order.order.id), "confirmDelivery"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refused (action-not-allowed-from-status): order ${order.order.id} is new`);
    const after = await requests();
    const posts = (r: typeof before) => r.byRoute["POST /v1/fulfillment/orders/:orderId/transitions"] ?? 0;
    expect(posts(after)).toBe(posts(before));

    const unknown = await fulfill(["orders", "transition", String(order.order.id), "ship"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('action "ship" is unknown');
    expect((await requests()).total).toBe(after.total);
  });

  test("advance plans and walks; link sets the external id", async () => {
    const order = [...sandbox.store.orders.values()].find(
      (s) =>
        s.providerId === 1 && s.order.status === "new" && s.order.transactionType === "order" && !s.order.isPreorder,
    );
    if (!order) throw new Error("seed has no plain new order");
    const advance = await fulfill(["orders", "advance", String(order.order.id), "--to", "delivered-outbound"]);
    expect(advance.code).toBe(0);
    expect(advance.stdout).toContain("process → dispatchDelivery → confirmDelivery");
    expect(order.order.status).toBe("delivered-outbound");
    expect((await fulfill(["orders", "link", String(order.order.id), "ERP-4711"])).code).toBe(0);
    expect(order.order.externalId).toBe("ERP-4711");
  });

  test("run --json: the summary parses; a second run makes no transitions", async () => {
    const first = await fulfill(["run", "--json"]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ failures: [] });
    const second = JSON.parse((await fulfill(["run", "--json"])).stdout);
    expect(second.transitions).toBe(0);
  });

  test("missing configuration is named, with the ways to give it", async () => {
    const result = await fulfill(["orders", "list"], { EQUIPME_API_KEY: "", EQUIPME_BASE_URL: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("EQUIPME_API_KEY is not set: export it, put it in .env, or pass --api-key");
    expect(result.stderr).toContain("EQUIPME_BASE_URL is not set");
  });
});
