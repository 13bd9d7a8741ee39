// Runs the unit and integration tests in real headless browsers: Debian's
// Chromium (or CHROME_PATH) always, and Firefox ESR (or FIREFOX_PATH) when
// it is installed, driven over WebDriver BiDi. Nothing is downloaded.
// BROWSERS=chromium or BROWSERS=firefox runs one of them (default: all).
import { existsSync, readFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { imeCommands } from './test/server/ime-commands.mjs';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium.mjs';
import { popupCommands, trackPopups } from './test/server/popup-commands.mjs';
import { createReferenceBackend } from './test/server/reference-backend.mjs';
import { tabCommands } from './test/server/tab-commands.mjs';

function findBrowser(variable, candidates) {
  const path = process.env[variable] || candidates.find((file) => existsSync(file));
  if (process.env[variable] && !existsSync(process.env[variable])) {
    throw new Error(`${variable}=${process.env[variable]} does not exist.`);
  }
  return path;
}

const wanted = process.env.BROWSERS || 'all';
if (!['all', 'chromium', 'firefox'].includes(wanted)) {
  console.error(`BROWSERS=${wanted}: use chromium, firefox or all.`);
  process.exit(1);
}

function chromium() {
  let chromePath;
  try {
    chromePath = chromiumPath();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  return chromeLauncher({
    createPage: ({ context }) => context.newPage().then(trackPopups),
    launchOptions: {
      executablePath: chromePath,
      headless: true,
      args: CHROMIUM_ARGS,
    },
  });
}

function firefox() {
  const firefoxPath = findBrowser('FIREFOX_PATH', ['/usr/bin/firefox-esr', '/usr/bin/firefox']);
  if (!firefoxPath) {
    const message =
      'No Firefox found (no FIREFOX_PATH, no /usr/bin/firefox-esr or /usr/bin/firefox)';
    if (wanted === 'firefox') {
      console.error(`${message}. Install it (Debian: apt-get install firefox-esr).`);
      process.exit(1);
    }
    console.warn(`${message}: Firefox tests are skipped. Debian: apt-get install firefox-esr.`);
    return null;
  }
  return puppeteerLauncher({
    createPage: ({ context }) => context.newPage().then(trackPopups),
    launchOptions: {
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: true,
      // Off in puppeteer's profile too; explicit because tests call
      // connect() outside a user gesture, which the popup blocker refuses.
      extraPrefsFirefox: { 'dom.disable_open_during_load': false },
    },
  });
}

/** Serves msw's service worker from the installed package, at the root. */
const mswWorker = {
  name: 'msw-worker',
  serve(context) {
    if (context.path !== '/mockServiceWorker.js') return undefined;
    return {
      body: readFileSync('node_modules/msw/lib/mockServiceWorker.js', 'utf8'),
      type: 'js',
    };
  },
};

export default {
  files: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
  nodeResolve: true,
  // One test file at a time: the files share the browser's cookie jar and
  // the popup cookie, and focus emulation is per window.
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  middleware: [createReferenceBackend()],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    mswWorker,
    popupCommands(),
    tabCommands(),
    imeCommands(),
  ],
  browsers: [
    wanted !== 'firefox' && chromium(),
    wanted !== 'chromium' && firefox(),
  ].filter(Boolean),
};
