import { describe, expect, test } from "vitest";
import { coalesced } from "../console/coalesce";
import { orderInHash } from "../console/timeline";

describe("the console's reloads on pushes", () => {
  test("calls while a reload runs merge into one more run after it; none is lost", async () => {
    const seen: number[] = [];
    let version = 0;
    let release: () => void = () => {};
    const reload = coalesced(async () => {
      const at = version;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      seen.push(at);
    });
    const first = reload();
    version = 1;
    const others = [reload(), reload(), reload()];
    version = 2;
    release();
    // The second run starts after the first ends; let it reach its await, then end it.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await Promise.all([first, ...others]);
    expect(seen).toEqual([0, 2]);
    const later = reload();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await later;
    expect(seen).toEqual([0, 2, 2]);
  });

  test("a run that fails does not block the next", async () => {
    let calls = 0;
    const reload = coalesced(async () => {
      calls++;
      if (calls === 1) throw new Error("network");
    });
    await expect(reload()).rejects.toThrow("network");
    await reload();
    expect(calls).toBe(2);
  });
});

describe("the timeline's deep link", () => {
  test("#order=N names order N; anything else names none", () => {
    expect(orderInHash("#order=42")).toBe(42);
    expect(orderInHash("")).toBeUndefined();
    expect(orderInHash("#order=")).toBeUndefined();
    expect(orderInHash("#order=4x")).toBeUndefined();
    expect(orderInHash("#orders=42")).toBeUndefined();
  });
});
