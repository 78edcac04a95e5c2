import { pathToFileURL } from "node:url";

/** Whether the module at `url` is the script Node was started with (rather than imported by a test). */
export const isMain = (url: string): boolean =>
  process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
