import { describe, expect, test } from "vitest";
import { useSandboxBehindPrism } from "./helpers";

const { expectNoViolations, control, createOrder, transition, statusOf } = useSandboxBehindPrism();

async function walk(orderId: number, steps: Array<string | [string, Record<string, unknown>]>) {
  for (const step of steps) {
    const [action, extra] = typeof step === "string" ? [step, {}] : step;
    const result = await transition(orderId, action, extra);
    expect(result.status, `${action}: ${JSON.stringify(result.body)}`).toBe(204);
  }
}

describe("the whole flow for each kind of order, through prism proxy --errors", () => {
  test("outbound order: process, process, dispatch, confirm, complete with an activation date", async () => {
    const { id } = await createOrder({ transactionType: "order", isPreorder: false });
    await walk(id, [
      "process",
      "process",
      "dispatchDelivery",
      "confirmDelivery",
      ["complete", { activationDate: "2026-12-01T00:00:00Z" }],
    ]);
    expect(await statusOf(id)).toBe("processed");
    const log = await control().log();
    expect(log.filter((e) => e.orderId === id).map((e) => e.action)).toEqual([
      "process",
      "process",
      "dispatchDelivery",
      "confirmDelivery",
      "complete",
    ]);
    expect(log.find((e) => e.orderId === id && e.action === "complete")?.activationDate).toBe("2026-12-01T00:00:00Z");
  });

  test("preorder: waits in ready-for-delivery until the customer requests delivery", async () => {
    const { id } = await createOrder({ transactionType: "swap", isPreorder: true });
    await walk(id, ["process", "process"]);
    const early = await transition(id, "dispatchDelivery");
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ errorCode: "preorder-awaits-request" });
    expect(early.body.errorDescription).toContain(`order ${id} is a preorder`);
    expect(await control().requestDelivery(id)).toEqual({
      orderId: id,
      from: "ready-for-delivery",
      to: "delivery-requested-outbound",
    });
    expect(await statusOf(id)).toBe("delivery-requested-outbound");
    await walk(id, ["dispatchDelivery", "confirmDelivery", "complete"]);
    expect(await statusOf(id)).toBe("processed");
  });

  test("return: process, then completeReturnDecommission (complete is refused)", async () => {
    const { id } = await createOrder({ transactionType: "return" });
    await walk(id, ["process"]);
    expect((await transition(id, "complete")).body).toMatchObject({ errorCode: "not-allowed-for-transaction-type" });
    await walk(id, ["completeReturnDecommission"]);
    expect(await statusOf(id)).toBe("processed");
  });

  test("cancellation: process, completeReturnDecommission", async () => {
    const { id } = await createOrder({ transactionType: "cancellation" });
    await walk(id, ["process", "completeReturnDecommission"]);
    expect(await statusOf(id)).toBe("processed");
  });

  test("rejected delivery and re-dispatch", async () => {
    const { id } = await createOrder({ transactionType: "change", isPreorder: false });
    await walk(id, [
      "process",
      "dispatchDelivery",
      "rejectDelivery",
      "processReturnedItem",
      "dispatchDelivery",
      "confirmDelivery",
      "complete",
    ]);
    expect(await statusOf(id)).toBe("processed");
  });

  test("cancel before fulfilment; nothing more after", async () => {
    const { id } = await createOrder({ transactionType: "order" });
    await walk(id, ["cancel"]);
    const after = await transition(id, "process");
    expect(after).toMatchObject({ status: 409, body: { errorCode: "terminal-status" } });
  });

  test("Prism reported no violation in any of it, warnings included", async () => {
    await expectNoViolations();
  });
});
