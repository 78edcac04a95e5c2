/**
 * Assembles the vendored spec from the vendor's "Fulfillment | Orders" documentation page.
 *
 * The vendor publishes no single spec file: the page carries one OpenAPI fragment per
 * operation, each in a fenced ```json block. This script merges their `paths`, unions their
 * `components` (refusing to go on if two fragments disagree on a shared component) and
 * changes nothing else.
 *
 *   pnpm spec:assemble <page.md> [--out openapi/equipme-customer-api.json] [--check]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { isMain } from "./is-main";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const FENCED_JSON = /^(`{3,})json[ \t]*\r?\n([\s\S]*?)\r?\n\1[ \t]*$/gm;

export function extractFragments(page: string): JsonObject[] {
  const fragments: JsonObject[] = [];
  for (const match of page.matchAll(FENCED_JSON)) {
    const body = match[2] ?? "";
    const parsed = JSON.parse(body) as Json;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && "openapi" in parsed) {
      fragments.push(parsed);
    }
  }
  return fragments;
}

function asObject(value: Json | undefined, where: string): JsonObject {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${where} is not an object`);
  }
  return value;
}

export function assembleSpec(fragments: JsonObject[]): JsonObject {
  const [first] = fragments;
  if (!first) throw new Error("the page holds no OpenAPI fragment (no ```json block with an `openapi` key)");

  const spec: JsonObject = {};
  const paths: JsonObject = {};
  const components: Record<string, JsonObject> = {};

  fragments.forEach((fragment, index) => {
    const where = `fragment ${index + 1}`;
    for (const [key, value] of Object.entries(fragment)) {
      if (key === "paths") {
        for (const [path, item] of Object.entries(asObject(value, `${where}.paths`))) {
          const merged = asObject(paths[path], `paths.${path}`);
          for (const [method, operation] of Object.entries(asObject(item, `${where}.paths.${path}`))) {
            if (method in merged && !isDeepStrictEqual(merged[method], operation)) {
              throw new Error(`${where} redefines ${method.toUpperCase()} ${path} differently`);
            }
            merged[method] = operation;
          }
          paths[path] = merged;
        }
      } else if (key === "components") {
        for (const [section, entries] of Object.entries(asObject(value, `${where}.components`))) {
          const union = components[section] ?? {};
          for (const [name, schema] of Object.entries(asObject(entries, `${where}.components.${section}`))) {
            if (name in union && !isDeepStrictEqual(union[name], schema)) {
              throw new Error(`${where} disagrees with an earlier fragment on components.${section}.${name}`);
            }
            union[name] = schema;
          }
          components[section] = union;
        }
      } else if (!(key in spec)) {
        spec[key] = value;
      } else if (!isDeepStrictEqual(spec[key], value)) {
        throw new Error(`${where} has a different top-level "${key}" than fragment 1`);
      }
      // Keep the fragments' own key order: paths and components take the place they have in them.
      if (key === "paths") spec.paths = paths;
      if (key === "components") spec.components = components;
    }
  });
  return spec;
}

export function serializeSpec(spec: JsonObject): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}

function main(): void {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: "string", default: "openapi/equipme-customer-api.json" },
      check: { type: "boolean", default: false },
    },
  });
  const [page] = positionals;
  if (!page) {
    console.error("usage: pnpm spec:assemble <page.md> [--out <spec.json>] [--check]");
    process.exit(2);
  }
  const fragments = extractFragments(readFileSync(page, "utf8"));
  const text = serializeSpec(assembleSpec(fragments));
  if (values.check) {
    const current = readFileSync(values.out, "utf8");
    if (current !== text) {
      console.error(`${values.out} differs from what ${page} assembles to; run without --check to rewrite it`);
      process.exit(1);
    }
    console.log(`${values.out} matches ${page} (${fragments.length} fragments)`);
    return;
  }
  writeFileSync(values.out, text);
  console.log(`wrote ${values.out} from ${fragments.length} fragments of ${page}`);
}

if (isMain(import.meta.url)) main();
