/**
 * WireMock's near-miss idea for a request that matches no operation: the spec's operation it most
 * likely meant, by an edit distance over path segments (a `{parameter}` segment matches any
 * value) plus a penalty for another method. Too far from every operation, it names none rather
 * than a guess.
 */
import { distance } from "fastest-levenshtein";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// A missing or extra segment costs this much, whatever its length: `/v1` left out or
// `/fulfillment` forgotten is one mistake, not eleven.
const SEGMENT_COST = 3;
// How far a path may be from an operation's, as a share of the operation's literal characters.
const CLOSE_SHARE = 0.3;
const MIN_CLOSE = 3;

const isParameter = (segment: string) => segment.startsWith("{") && segment.endsWith("}");
const segmentsOf = (path: string) => path.split("/").slice(1);

function substitution(sent: string, template: string): number {
  // An id has a digit; a word where the operation has a parameter is likelier a wrong path.
  if (isParameter(template)) return /\d/.test(sent) ? 0 : 1;
  return Math.min(distance(sent, template), 2 * SEGMENT_COST);
}

const insertion = (template: string) => (isParameter(template) ? 1 : SEGMENT_COST);
const deletion = () => SEGMENT_COST;

/** Edit distance between a sent path and a path template, segment by segment. */
export function pathDistance(sentPath: string, templatePath: string): number {
  const sent = segmentsOf(sentPath);
  const template = segmentsOf(templatePath);
  let previous = [0];
  for (const [j, segment] of template.entries()) previous.push((previous[j] ?? 0) + insertion(segment));
  for (const part of sent) {
    const row = [(previous[0] ?? 0) + deletion()];
    for (const [j, segment] of template.entries()) {
      row.push(
        Math.min(
          (previous[j] ?? 0) + substitution(part, segment),
          (previous[j + 1] ?? 0) + deletion(),
          (row[j] ?? 0) + insertion(segment),
        ),
      );
    }
    previous = row;
  }
  return previous[template.length] ?? 0;
}

function methodDistance(sent: string, declared: string): number {
  if (sent === declared || (sent === "HEAD" && declared === "GET")) return 0;
  return WRITES.has(sent) && WRITES.has(declared) ? 2 : 3;
}

/**
 * The operations ("METHOD /path/{param}") closest to a request; of equally close ones, those
 * whose path is closer; remaining ties all named, in the order given. Empty when none is close.
 */
export function closestOperations(operations: Iterable<string>, method: string, url: string): string[] {
  const path = url.split("?")[0] ?? url;
  let best = { score: Number.POSITIVE_INFINITY, away: Number.POSITIVE_INFINITY };
  let closest: string[] = [];
  for (const operation of operations) {
    const [declaredMethod = "", template = ""] = operation.split(" ");
    const literal = segmentsOf(template)
      .filter((segment) => !isParameter(segment))
      .join("").length;
    const away = pathDistance(path, template);
    if (away > Math.max(MIN_CLOSE, Math.ceil(literal * CLOSE_SHARE))) continue;
    const score = away + methodDistance(method.toUpperCase(), declaredMethod);
    if (score < best.score || (score === best.score && away < best.away)) {
      best = { score, away };
      closest = [operation];
    } else if (score === best.score && away === best.away) closest.push(operation);
  }
  return closest;
}
