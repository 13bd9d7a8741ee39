/**
 * The published package, as a user gets it: `npm pack`, then an offline
 * install of the tarball into a plain HTML page and into a Vite app, both
 * driven through a whole sign-in in headless Chromium. A tiny loopback
 * server plays the app's server: `/auth/twitter` is the close page (with the
 * installed `callback.js`), `/auth/check/twitter` says "signed in".
 * Run after `npm run build`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { chromiumPath, launchChromium } from '../../scripts/chromium.mjs';
import { build } from 'vite';

const exec = promisify(execFile);
const repo = new URL('../../', import.meta.url).pathname;
const STEP_MS = 10_000;

const USER = { id: 1, email: 'alice@example.com', name: 'Alice', nickname: 'alice' };
const CHECK_ANSWER = {
  authed: true,
  authentication: { provider: 'twitter', uid: '1001' },
  user: USER,
};

const PLAIN_PAGE = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Plain page</title>
<script type="module"
  src="./node_modules/twitter-connect/dist/twitter-connect.bundled.js"></script>
<twitter-connect></twitter-connect>
</html>`;

const VITE_INDEX = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Vite app</title>
<script type="module" src="./main.js"></script>
<twitter-connect></twitter-connect>
</html>`;

const VITE_MAIN = `import 'twitter-connect/define';
import { TwitterConnect } from 'twitter-connect';
window.sameClass = customElements.get('twitter-connect') === TwitterConnect;
`;

// Imports the classes and never uses them: with `sideEffects` right, the
// bundler drops the whole package from this entry.
const VITE_UNUSED = `import { TwitterConnect } from 'twitter-connect';
export const unused = typeof TwitterConnect === 'undefined' ? 0 : 1;
`;

// A consumer's type check against the installed declarations.
const CONSUMER_TYPES = `import 'twitter-connect/define';
import type { AuthedDetail } from 'twitter-connect';
const el = document.querySelector('twitter-connect')!;
el.addEventListener('authed', (e) => e.detail.authentication);
// @ts-expect-error: the field is \`authentication\`.
el.addEventListener('authed', (e) => e.detail.authentcation);
export const detail = (e: CustomEvent<AuthedDetail>) => e.detail.user;
`;

/** @type {string} */
let work;
/** @type {import('node:http').Server} */
let server;
let origin = '';
let checks = 0;
/** @type {import('puppeteer-core').Browser} */
let browser;

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };

/** Static files under `work`, plus the two endpoints of the app's server. */
async function serve(request, response) {
  const path = new URL(request.url, 'http://x').pathname;
  if (path === '/auth/twitter') {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(`<!doctype html><title>Signed in</title><p>Close this window.</p>
      <script src="/page/node_modules/twitter-connect/dist/callback.js"></script>`);
    return;
  }
  if (path === '/auth/check/twitter') {
    checks += 1;
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(CHECK_ANSWER));
    return;
  }
  const file = join(work, normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, ''));
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'text/plain' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
}

/** Installs the tarball from the npm cache only: nothing is downloaded. */
async function installInto(dir, tarball) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), '{"name":"consumer","private":true}\n');
  await exec(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball],
    { cwd: dir },
  );
}

before(
  async () => {
    assert.ok(existsSync(join(repo, 'dist/index.js')), 'run `npm run build` first');
    chromiumPath(); // Throws, saying what to install, without a browser.
    work = await mkdtemp(join(tmpdir(), 'twitter-connect-pack-'));
    const { stdout } = await exec('npm', ['pack', '--silent', '--pack-destination', work], {
      cwd: repo,
    });
    const tarball = join(work, stdout.trim().split('\n').pop());
    const app = join(work, 'vite-app');
    await Promise.all([installInto(join(work, 'page'), tarball), installInto(app, tarball)]);
    await writeFile(join(work, 'page/index.html'), PLAIN_PAGE);
    await writeFile(join(app, 'index.html'), VITE_INDEX);
    await writeFile(join(app, 'main.js'), VITE_MAIN);
    await writeFile(join(app, 'unused.js'), VITE_UNUSED);
    await writeFile(join(app, 'consumer.ts'), CONSUMER_TYPES);
    await build({
      root: app,
      base: './',
      configFile: false,
      logLevel: 'silent',
      build: {
        rollupOptions: {
          input: { index: join(app, 'index.html'), unused: join(app, 'unused.js') },
          output: { entryFileNames: '[name].js' },
        },
      },
    });

    server = createServer((request, response) => void serve(request, response));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launchChromium();
  },
  { timeout: 60_000 },
);

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (work) await rm(work, { recursive: true, force: true });
});

/** Clicks the button on `url` and resolves with the `authed` event's user. */
async function signInOn(url) {
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_MS);
  try {
    await page.goto(url);
    await page.waitForFunction(() =>
      customElements.get('twitter-connect')
        ? document.querySelector('twitter-connect').shadowRoot?.querySelector('[part=button]')
        : null,
    );
    await page.evaluate(() => {
      const el = document.querySelector('twitter-connect');
      window.outcome = new Promise((resolve) =>
        el.addEventListener('authed', (event) => resolve(event.detail.user)),
      );
    });
    const before = checks;
    await page.click('twitter-connect');
    const user = await page.evaluate(() => window.outcome);
    const state = await page.$eval('twitter-connect', (el) => el.state);
    return { user, checks: checks - before, state };
  } finally {
    await page.close();
  }
}

describe('npm pack', () => {
  it('should sign in on a plain page with the bundled file and callback.js', async () => {
    const result = await signInOn(`${origin}/page/index.html`);
    assert.deepEqual(result, { user: USER, checks: 1, state: 'authed' });
  });

  it('should sign in in a Vite app importing ./define and the classes', async () => {
    const result = await signInOn(`${origin}/vite-app/dist/index.html`);
    assert.deepEqual(result, { user: USER, checks: 1, state: 'authed' });
  });

  it('should let a bundler drop the classes when they are not used', async () => {
    const unused = await readFile(join(work, 'vite-app/dist/unused.js'), 'utf8');
    assert.doesNotMatch(unused, /import|customElements|LitElement/);
    const files = await readdir(join(work, 'vite-app/dist'));
    assert.ok(files.includes('index.js'), files.join());
  });

  it("should type-check a consumer's code against the installed types", async () => {
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    const options = ['--noEmit', '--strict', '--target', 'es2021', '--module', 'esnext'];
    options.push('--moduleResolution', 'bundler', '--lib', 'es2022,dom');
    // tsc reports on stdout; show it rather than a bare exit code.
    await exec(process.execPath, [tsc, ...options, 'consumer.ts'], {
      cwd: join(work, 'vite-app'),
    }).catch((error) => assert.fail(error.stdout || error.message));
  });
});
