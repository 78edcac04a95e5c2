import type { Rule } from "@fulfillkit/core";
import fc from "fast-check";

// Arbitraries derived from the rules @fulfillkit/core generates from the spec: a new parameter,
// enum value or limit in the spec changes what they generate, with no edit here.

const FORMAT_RANGE: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};
const range = (rule: Rule): [number, number] => {
  const [min, max] = FORMAT_RANGE[rule.format ?? ""] ?? [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  return [rule.minimum ?? min, rule.maximum ?? max];
};

const dateTime = fc
  .tuple(
    fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
    fc.constantFrom("Z", "+00:00", "+02:00", "-05:30", "+14:00"),
    fc.boolean(),
  )
  .map(([date, zone, millis]) => date.toISOString().replace(millis ? /Z$/ : /\.\d+Z$/, zone));

/** Values that satisfy `rule`. */
export function validValue(rule: Rule): fc.Arbitrary<unknown> {
  if (rule.enum) return fc.constantFrom(...rule.enum);
  switch (rule.type) {
    case "integer": {
      const [min, max] = range(rule);
      return fc.integer({ min, max });
    }
    case "string":
      if (rule.format === "date-time") return dateTime;
      return fc.string({ minLength: rule.minLength ?? 0, maxLength: rule.maxLength ?? 30 });
    case "array":
      return fc.array(validValue(rule.items ?? {}), { minLength: 1, maxLength: 4 });
    case "object":
      return fc.record(
        Object.fromEntries(
          Object.entries(rule.properties ?? {}).map(([name, property]) => [name, validValue(property)]),
        ),
        { requiredKeys: [...(rule.required ?? [])] },
      );
    default:
      throw new Error(`no arbitrary for ${JSON.stringify(rule)}`);
  }
}

const IMPOSSIBLE_DATE_TIMES = [
  "2026-02-29T00:00:00Z",
  "2026-02-30T00:00:00Z",
  "2026-02-31T12:00:00Z",
  "2026-04-31T00:00:00Z",
  "2026-13-01T00:00:00Z",
  "2026-03-01T24:00:00Z",
  "2026-03-01T23:60:00Z",
  "2026-03-01",
  "yesterday",
];

/** Values that break `rule`, each for a reason the rule states. */
export function invalidValue(rule: Rule): fc.Arbitrary<unknown> {
  if (rule.enum) {
    const known = rule.enum;
    return fc.oneof(
      fc.string().filter((s) => !known.includes(s)),
      fc.constantFrom(...known.map((value) => String(value).toUpperCase())).filter((s) => !known.includes(s)),
      fc.integer(),
    );
  }
  switch (rule.type) {
    case "integer": {
      const [min, max] = range(rule);
      return fc.oneof(
        fc.integer({ min: max + 1, max: max + 1000 }).filter((n) => n > max),
        fc.integer({ min: min - 1000, max: min - 1 }).filter((n) => n < min),
        fc.integer({ min, max: max - 1 }).map((n) => n + 0.5),
        fc.integer({ min, max }).map(String),
      );
    }
    case "string": {
      const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant([]));
      if (rule.format === "date-time") return fc.oneof(wrongType, fc.constantFrom(...IMPOSSIBLE_DATE_TIMES));
      if (rule.maxLength === undefined) return wrongType;
      const tooLong = fc.string({ minLength: rule.maxLength + 1, maxLength: rule.maxLength + 20 });
      return fc.oneof(wrongType, tooLong);
    }
    case "array": {
      const items = rule.items ?? {};
      const withOneBadItem = fc
        .tuple(fc.array(validValue(items), { maxLength: 3 }), invalidValue(items), fc.nat())
        .map(([valid, bad, at]) => {
          const values: unknown[] = [...valid];
          values.splice(at % (valid.length + 1), 0, bad);
          return values;
        });
      return fc.oneof(withOneBadItem, validValue(items), fc.constant({}));
    }
    default:
      throw new Error(`no invalid arbitrary for ${JSON.stringify(rule)}`);
  }
}

/**
 * An object rule's value with exactly one bad parameter, and that parameter's name: a known one
 * with a value that breaks its rule, or a name the rule does not know.
 */
export function queryWithOneBadParameter(rule: Rule): fc.Arbitrary<{ name: string; query: Record<string, unknown> }> {
  const properties = rule.properties ?? {};
  const names = Object.keys(properties);
  const known = fc.constantFrom(...names).chain((name) =>
    fc.tuple(fc.constant(name), validValue(rule), invalidValue(properties[name] ?? {})).map(([, valid, bad]) => ({
      name,
      query: { ...(valid as Record<string, unknown>), [name]: bad },
    })),
  );
  const unknown = fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !names.includes(s) && !(s in Object.prototype)),
      validValue(rule),
    )
    .map(([name, valid]) => ({ name, query: { ...(valid as Record<string, unknown>), [name]: ["x"] } }));
  return fc.oneof({ arbitrary: known, weight: 5 }, { arbitrary: unknown, weight: 1 });
}
