// Where Chromium is and how every script and test here launches it:
// Debian's package (or CHROME_PATH), headless, nothing downloaded.
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

/**
 * Flags for this project's machines: root needs --no-sandbox, and the
 * network is closed, so background networking, component updates and sync
 * would only fail, many connections at a time.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** CHROME_PATH, else Debian's binary; throws a message saying what to do. */
export function chromiumPath() {
  const path =
    process.env.CHROME_PATH ||
    ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => existsSync(file));
  if (!path || !existsSync(path)) {
    throw new Error(
      `No Chromium at ${path ?? '/usr/bin/chromium'}. Install it (Debian: ` +
        'apt-get install chromium) or set CHROME_PATH to a Chromium or Chrome binary.',
    );
  }
  return path;
}

/** Launches headless Chromium with puppeteer-core; `options` are added. */
export function launchChromium(options = {}) {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
}
