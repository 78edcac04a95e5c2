/**
 * The checker of the rules generated from the spec (./generated/rules.ts): a small subset of
 * OpenAPI 3.0's schema keywords, enough for every parameter and request body of the spec.
 */

/** One schema's rules, in the spec's own keywords. */
export interface Rule {
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly items?: Rule;
  readonly properties?: { readonly [name: string]: Rule };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
}

export interface OperationRules {
  /** The parameters of each location, as one object rule (its properties are the parameters). */
  readonly path?: Rule;
  readonly query?: Rule;
  readonly header?: Rule;
  /** How array parameters are serialised (the spec's query arrays: `form`, exploded: `?a=1&a=2`). */
  readonly arrayStyles?: { readonly [name: string]: { readonly style: string; readonly explode: boolean } };
  readonly body?: Rule;
  readonly bodyRequired?: boolean;
  /** The response statuses the spec declares (`"default"` when it declares a default). */
  readonly statuses: readonly (number | string)[];
}

/** The first rule a value breaks: the field (`query.status[1]`) and what it must be. */
export interface Violation {
  field: string;
  allowed: string;
  /** The offending value itself (`undefined` for a required one that is missing). */
  value: unknown;
}

// RFC 3339's date-time (OpenAPI's `date-time`): hours 00–23, no leap second, a real calendar day.
const DATE_TIME = /^(\d{4}-\d\d-(\d\d))T([01]\d|2[0-3])(:[0-5]\d){2}(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

/** Whether `value` is an RFC 3339 date-time on a real calendar day (no 2026-02-30, no T24:00:00). */
export function isDateTime(value: unknown): value is string {
  const match = typeof value === "string" && DATE_TIME.exec(value);
  // A date-only ISO string is read as UTC; an impossible day is either invalid (NaN) or rolls
  // over into another day of the month, depending on the engine: refused both ways.
  return !!match && new Date(match[1] as string).getUTCDate() === Number(match[2]);
}

/** A type guard for one enum's values; the generated `isFulfillmentStatus` & co. are made with it. */
export const oneOf =
  <T>(values: readonly T[]) =>
  (value: unknown): value is T =>
    values.includes(value as T);

// The ranges the spec's integer formats imply (int64 as far as a JS number is exact). Literals,
// so that a bundle that only reads isDateTime drops the table.
const FORMAT_RANGE: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 53 - 1), 2 ** 53 - 1],
};

/** An integer rule's bounds: its own, else its format's, else none. */
function bounds(rule: Rule): [number, number] {
  const [low = -Infinity, high = Infinity] = FORMAT_RANGE[rule.format ?? ""] ?? [];
  return [rule.minimum ?? low, rule.maximum ?? high];
}

function describeRule(rule: Rule): string {
  const text = rule.enum
    ? `one of ${rule.enum.join(", ")}`
    : rule.type === "integer"
      ? `an integer from ${bounds(rule).join(" to ")}`
      : rule.format === "date-time"
        ? "an RFC 3339 date-time such as 2026-12-01T00:00:00Z"
        : rule.maxLength === undefined
          ? `a ${rule.type}` // number, boolean, or a string of any length: arrays and objects are described where they are checked
          : `a string of at most ${rule.maxLength} characters`;
  return rule.nullable ? `${text}, or null` : text;
}

function fits(rule: Rule, value: unknown): boolean {
  const { type } = rule;
  if (rule.enum) return rule.enum.includes(value);
  if (type === "integer") {
    const [low, high] = bounds(rule);
    return Number.isInteger(value) && (value as number) >= low && (value as number) <= high;
  }
  if (type === "string") {
    return (
      typeof value === "string" &&
      value.length <= (rule.maxLength ?? Infinity) &&
      value.length >= (rule.minLength ?? 0) &&
      (rule.format !== "date-time" || isDateTime(value))
    );
  }
  // number or boolean (arrays and objects are checked by findViolation); no type: anything
  return !type || (typeof value === type && (type !== "number" || Number.isFinite(value)));
}

/** The first rule `value` breaks, named by its place under `field`; `undefined` when it fits. */
export function findViolation(rule: Rule, value: unknown, field: string): Violation | undefined {
  // null goes on to the checks below (which refuse it) unless the rule allows it.
  if (value === null && rule.nullable) return undefined;
  const { type, items = {}, properties = {} } = rule;
  const broken = (allowed: string) => ({ field, allowed, value });
  if (type === "array") {
    if (!Array.isArray(value)) return broken(`an array of ${describeRule(items)}`);
    for (const [index, item] of value.entries()) {
      const violation = findViolation(items, item, `${field}[${index}]`);
      if (violation) return violation;
    }
    return undefined;
  }
  if (type === "object") {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return broken("an object");
    const record = value as Record<string, unknown>;
    const names = Object.keys(properties);
    const at = (key: string) => (field ? `${field}.${key}` : key);
    // The known keys first: a wrong value says more than an extra key beside it.
    for (const key of names) {
      const item = record[key];
      const property = properties[key] ?? {};
      const violation =
        item !== undefined
          ? findViolation(property, item, at(key))
          : rule.required?.includes(key)
            ? { field: at(key), allowed: describeRule(property), value: item }
            : undefined;
      if (violation) return violation;
    }
    const extra = Object.keys(record).find((key) => rule.additionalProperties === false && !names.includes(key));
    return extra === undefined
      ? undefined
      : { field: at(extra), allowed: `absent: the known keys are ${names.join(", ")}`, value: record[extra] };
  }
  return fits(rule, value) ? undefined : broken(describeRule(rule));
}
