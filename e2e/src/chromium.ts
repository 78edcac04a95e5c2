import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's chromium (`.ci/run` installs it): the tests never download a browser of their own. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Headless chromium as root on a machine with no network but loopback: no sandbox, and none of the
 * background connections (updates, sync, QUIC) that the closed network would refuse at every start.
 */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
