/**
 * End-to-end check of the demo page (`npm run test:demo`): starts the Vite
 * dev server on a free loopback port, drives headless Chromium through the
 * three consent choices in the real popup, and reads the outcome from the
 * page's event log, as a visitor would see it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { createServer } from 'vite';

const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const CONFIG = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
/** One flow takes well under a second; this only bounds a hang. */
const STEP_MS = 10_000;
/** Per test: a stuck step fails its test, and `after` still cleans up. */
const LIMIT = { timeout: 20_000 };

/** @type {import('vite').ViteDevServer | undefined} */
let server;
/** @type {import('puppeteer-core').Browser | undefined} */
let browser;
/** @type {import('puppeteer-core').Page} */
let page;

/**
 * A port the OS reports free on loopback. Vite reads `port: 0` as "the
 * default, 5173", so ask the OS first and hold Vite to it (strictPort).
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (
        probe.address()
      );
      probe.close(() => resolve(port));
    });
  });
}

before(async () => {
  if (!existsSync(CHROME_PATH)) {
    throw new Error(
      `No Chromium at ${CHROME_PATH}. Install it, or set CHROME_PATH to ` +
        'a Chromium or Chrome binary.',
    );
  }
  server = await createServer({
    configFile: CONFIG,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: await freePort(), strictPort: true },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  assert.ok(url, 'vite printed no local URL');

  browser = await puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  page = await browser.newPage();
  page.setDefaultTimeout(STEP_MS);
  await page.goto(url);
  // The page stays inert until msw's service worker answers its requests.
  await page.waitForSelector('#demo:not([inert])');
}, { timeout: 30_000 });

after(async () => {
  // Both, even when one of them fails to stop.
  await Promise.allSettled([browser?.close(), server?.close()]);
});

beforeEach(async () => {
  await page.click('#reset');
});

/**
 * Clicks the sign-in button, picks `choice` on the fake consent page in
 * the popup, and waits until the popup has closed itself.
 */
async function signInAs(choice) {
  const opened = browser.waitForTarget(
    (target) => target.opener() === page.target(),
    { timeout: STEP_MS },
  );
  await page.click('twitter-connect >>> button');
  const popup = await (await opened).page();
  assert.ok(popup, 'the popup has no page');
  const closed = new Promise((resolve) => popup.once('close', resolve));
  // Module scripts have run by then, so the buttons have their handler.
  await popup.waitForFunction(() => document.readyState === 'complete');
  await popup.click(`button[value="${choice}"]`);
  await closed;
}

/** The detail of the newest log entry for `type`, parsed back from JSON. */
async function loggedDetail(type) {
  const selector = `#log li[data-event="${type}"] pre`;
  await page.waitForSelector(selector);
  return JSON.parse(await page.$eval(selector, (pre) => pre.textContent));
}

async function loggedTypes() {
  return page.$$eval('#log li', (items) =>
    items.map((item) => item.dataset.event),
  );
}

async function flowCookieLeft() {
  return page.evaluate(() => document.cookie.includes('twitter_oauth_popup'));
}

test('an existing user signs in: authed, with the user', LIMIT, async () => {
  await signInAs('existing');
  const detail = await loggedDetail('authed');
  assert.equal(detail.user.nickname, 'ada');
  assert.equal(detail.authentication.provider, 'twitter');
  assert.equal(detail.response.authed, true);
  assert.deepEqual(await loggedTypes(), ['authed']);
  assert.equal(await flowCookieLeft(), false);
});

test('a new user gets a prefilled form and signs up', LIMIT, async () => {
  await signInAs('new');
  const detail = await loggedDetail('pending');
  assert.equal(detail.profile.nickname, 'grace');

  const field = (name) => `twitter-complete-signup >>> #${name}`;
  await page.waitForSelector(field('email'));
  const value = (name) => page.$eval(field(name), (input) => input.value);
  assert.equal(await value('name'), 'Grace Hopper');
  assert.equal(await value('nickname'), 'grace');

  await page.type(field('email'), 'taken@example.com');
  await page.click('twitter-complete-signup >>> [part="submit"]');
  const failed = await loggedDetail('signup-failed');
  assert.deepEqual(failed.errors, ['Email has already been taken']);
  assert.equal(failed.status, 422);

  await page.click(field('email'), { count: 3 }); // Selects what was typed.
  await page.type(field('email'), 'grace@example.com');
  await page.click('twitter-complete-signup >>> [part="submit"]');
  const complete = await loggedDetail('signup-complete');
  assert.equal(complete.user.email, 'grace@example.com');
  assert.equal(complete.user.nickname, 'grace');
  assert.deepEqual(await loggedTypes(), [
    'signup-complete',
    'signup-failed',
    'pending',
  ]);
});

test('cancel on the consent page: cancelled, closed', LIMIT, async () => {
  await signInAs('cancel');
  const detail = await loggedDetail('cancelled');
  assert.deepEqual(detail, { reason: 'closed' });
  assert.deepEqual(await loggedTypes(), ['cancelled']);
  assert.equal(await flowCookieLeft(), false);
});
