/**
 * `@fulfillkit/core/json-schema`: the spec's response schemas as JSON Schema (draft 7), generated
 * from the vendored spec. A subpath of its own, so that only code that validates responses loads it.
 */
export { DEFINITIONS, RESPONSES } from "./generated/json-schema";
