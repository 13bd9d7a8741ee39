// Runs the unit and integration tests in real headless browsers: Debian's
// Chromium (or CHROME_PATH) always, and Firefox ESR (or FIREFOX_PATH) when
// it is installed. Nothing is downloaded.
import { existsSync, readFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { popupCommands } from './test/server/popup-commands.mjs';
import { createReferenceBackend } from './test/server/reference-backend.mjs';

function findBrowser(variable, candidates) {
  const path = process.env[variable] || candidates.find((file) => existsSync(file));
  if (process.env[variable] && !existsSync(process.env[variable])) {
    throw new Error(`${variable}=${process.env[variable]} does not exist.`);
  }
  return path;
}

const chromePath = findBrowser('CHROME_PATH', ['/usr/bin/chromium', '/usr/bin/chromium-browser']);
if (!chromePath) {
  console.error(
    'No Chromium found. Install it (Debian: apt-get install chromium) ' +
      'or point CHROME_PATH at a Chrome or Chromium binary.',
  );
  process.exit(1);
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
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2021' }),
    mswWorker,
    popupCommands(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
        ],
      },
    }),
  ],
};
