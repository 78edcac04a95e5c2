import type { Rule } from "@fulfillkit/core";

// A query string built by hand, the way the spec declares it (arrays: style form, explode), so
// that a request can reach the server without the client's checks; and whether a value is still
// invalid once it is text, as every value in a URL is (the integer 5 for a string parameter is
// the valid string "5" there).

/** `name=value&…`, each array item as its own `name=item`. */
export function queryString(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
    }
  }
  return parts.join("&");
}

const INT_RANGE: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Whether `value`, sent as text for a parameter with `rule` (no rule: a parameter the spec does
 * not have), breaks the rule. A value with no text form (an object, an empty array) never does.
 */
export function breaksAsText(rule: Rule | undefined, value: unknown): boolean {
  if (rule === undefined) return Array.isArray(value) ? value.length > 0 : value !== undefined;
  if (rule.type === "array") {
    // A lone value is an array of one.
    return (Array.isArray(value) ? value : [value]).some((item) => itemBreaks(rule.items ?? {}, item));
  }
  return !Array.isArray(value) && itemBreaks(rule, value);
}

function itemBreaks(rule: Rule, value: unknown): boolean {
  if (value === null || value === undefined || typeof value === "object") return false;
  const text = String(value);
  if (rule.enum) return !rule.enum.map(String).includes(text);
  switch (rule.type) {
    case "integer": {
      if (!/^-?\d+$/.test(text)) return true;
      const [min, max] = INT_RANGE[rule.format ?? ""] ?? INT_RANGE.int64 ?? [0, 0];
      const number = Number(text);
      return number < (rule.minimum ?? min) || number > (rule.maximum ?? max);
    }
    case "string":
      if (rule.format === "date-time") return !isDateTime(text);
      return text.length > (rule.maxLength ?? Number.POSITIVE_INFINITY) || text.length < (rule.minLength ?? 0);
    default:
      return false;
  }
}

/** RFC 3339, on a real calendar day. */
function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}
