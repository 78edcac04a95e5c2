import * as openapiFetch from "openapi-fetch";

// openapi-fetch's CommonJS build exports createClient as `default` beside `__esModule`; Node's
// CommonJS interop (which our CJS build follows) then hands over the whole exports object as
// `default`. Take whichever of the two is the function.
export const createClient: typeof openapiFetch.default =
  typeof openapiFetch.default === "function"
    ? openapiFetch.default
    : (openapiFetch.default as unknown as { default: typeof openapiFetch.default }).default;
