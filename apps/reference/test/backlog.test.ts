import { FULFILLMENT_STATUSES, TRANSACTION_TYPES } from "@fulfillkit/core";
import { expect, test } from "vitest";
import { Backlog } from "../src/worker/backlog";
import type { OrderRecord } from "../src/worker/drive";

test("keeps every record as it came, past its first growth, in order", () => {
  const records: OrderRecord[] = Array.from({ length: 5000 }, (_, i) => ({
    id: 2 ** 40 + i, // ids beyond 32 bits survive
    status: FULFILLMENT_STATUSES[i % FULFILLMENT_STATUSES.length] as OrderRecord["status"],
    transactionType: TRANSACTION_TYPES[i % TRANSACTION_TYPES.length] as OrderRecord["transactionType"],
    isPreorder: i % 3 === 0,
  }));
  const backlog = new Backlog();
  for (const record of records) backlog.push(record);
  expect(backlog.length).toBe(records.length);
  expect([...backlog]).toEqual(records);
  expect(backlog.at(4321)).toEqual(records[4321]);
});

test("a status or kind a newer spec brings is kept as it came (the policy then refuses it, by name)", () => {
  const backlog = new Backlog();
  const unknown = { id: 1, status: "on-hold", transactionType: "lease", isPreorder: false } as unknown as OrderRecord;
  backlog.push(unknown);
  expect(backlog.at(0)).toEqual(unknown);
});

test("holds only the record: nothing else of the order it was given", () => {
  const backlog = new Backlog();
  const order = { id: 7, status: "new", transactionType: "order", isPreorder: false, customer: { name: "x" } };
  backlog.push(order as OrderRecord);
  expect(backlog.at(0)).toEqual({ id: 7, status: "new", transactionType: "order", isPreorder: false });
});
