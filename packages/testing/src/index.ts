export { type BundleSize, bundledSize } from "./bundle-size";
export { type PrismOptions, type RunningPrism, SPEC_PATH, startPrism, waitForHttp } from "./prism";
export { usePrism } from "./use-prism";
