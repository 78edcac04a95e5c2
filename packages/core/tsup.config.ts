import { defineConfig } from "tsup";
import base from "../../tsup.config.base";

// Two entries: the JSON Schema of the responses is a subpath of its own, so that only the opt-in
// response validation loads it.
export default defineConfig({ ...base, entry: ["src/index.ts", "src/json-schema.ts"] });
