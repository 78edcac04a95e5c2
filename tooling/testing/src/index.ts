export { type PrismOptions, type RunningPrism, SPEC_PATH, startPrism, waitForHttp } from "./prism";
export { usePrism } from "./use-prism";
