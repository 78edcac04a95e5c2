import { describe, expect, test } from "vitest";
import { validateTransitionBody } from "../src/index";

describe("validateTransitionBody", () => {
  test.each([
    [null, "invalid-body", undefined],
    ["process", "invalid-body", undefined],
    [[{ action: "process" }], "invalid-body", undefined],
    [{}, "unknown-action", "action"],
    [{ action: "ship" }, "unknown-action", "action"],
    [{ action: 3 }, "unknown-action", "action"],
    [{ action: "process", note: "x" }, "unknown-property", "note"],
    [{ action: "cancel", activationDate: "2026-12-01T00:00:00Z" }, "activation-date-not-allowed", "activationDate"],
    [{ action: "complete", activationDate: "tomorrow" }, "invalid-activation-date", "activationDate"],
    [{ action: "complete", activationDate: "2026-13-45T00:00:00Z" }, "invalid-activation-date", "activationDate"],
    [{ action: "complete", activationDate: "2026-12-01" }, "invalid-activation-date", "activationDate"],
    [{ action: "complete", activationDate: "2026-02-30T00:00:00Z" }, "invalid-activation-date", "activationDate"],
    [{ action: "complete", activationDate: "2026-12-01T24:00:00Z" }, "invalid-activation-date", "activationDate"],
    [{ action: "complete", activationDate: 20261201 }, "invalid-activation-date", "activationDate"],
  ])("%j is refused with %s", (body, code, field) => {
    const result = validateTransitionBody(body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.field).toBe(field);
      expect(result.reason.length).toBeGreaterThan(10);
    }
  });

  test.each([
    ["process", "the body must be an object"],
    [{ action: "process", note: "x" }, "note is not allowed; only action and activationDate are"],
    [{ action: "ship" }, 'action "ship" is unknown; use one of process, cancel, dispatchDelivery, complete, '],
    [{ action: "cancel", activationDate: "2026-12-01T00:00:00Z" }, "activationDate is allowed only with complete"],
    [{ action: "complete", activationDate: "tomorrow" }, 'activationDate "tomorrow" is not a date-time'],
  ])("%j is refused with a reason: %s", (body, reason) => {
    const result = validateTransitionBody(body);
    expect(!result.ok && result.reason.slice(0, reason.length)).toBe(reason);
  });

  test.each([
    [{ action: "process" }],
    [{ action: "complete", activationDate: "2026-12-01T00:00:00Z" }],
    [{ action: "complete", activationDate: "2026-12-01T23:30:00.123+02:00" }],
    [{ action: "complete", activationDate: null }],
    [{ action: "cancel", activationDate: null }],
  ])("%j is accepted", (body) => {
    expect(validateTransitionBody(body)).toEqual({ ok: true, value: body });
  });
});
