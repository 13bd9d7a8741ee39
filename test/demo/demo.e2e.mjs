/**
 * End-to-end check of the demo page (`npm run test:demo`): starts the Vite
 * dev server on a free loopback port, drives headless Chromium through
 * every path the page offers (the three consent choices in the real popup,
 * each failure case, the gallery of states), and reads the outcome from
 * the page's event log and the elements' `state`, as a visitor would see
 * it. With SCREENSHOTS=1 (`npm run screenshots`) it also saves an element
 * screenshot of each state into docs/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromiumPath, launchChromium } from '../../scripts/chromium.mjs';
import { createServer } from 'vite';

const CONFIG = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
/** Only `npm run screenshots` rewrites the committed pictures. */
const SCREENSHOTS = process.env.SCREENSHOTS === '1';
const SHOTS_DIR = fileURLToPath(
  new URL('../../docs/screenshots/', import.meta.url),
);
/** One flow takes well under a second; this only bounds a hang. */
const STEP_MS = 10_000;
/** Per test: a stuck step fails its test, and `after` still cleans up. */
const LIMIT = { timeout: 20_000 };
/** The blocked cases wait ~5 s for the click's user activation to lapse. */
const LONG_LIMIT = { timeout: 40_000 };

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

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

before(
  async () => {
    chromiumPath(); // Throws, saying what to install, without a browser.
    if (SCREENSHOTS) mkdirSync(SHOTS_DIR, { recursive: true });
    server = await createServer({
      configFile: CONFIG,
      logLevel: 'warn',
      server: { host: '127.0.0.1', port: await freePort(), strictPort: true },
    });
    await server.listen();
    const url = server.resolvedUrls?.local[0];
    assert.ok(url, 'vite printed no local URL');

    browser = await launchChromium({
      // Puppeteer turns the popup blocker off by default; the blocked
      // case needs it on, as in a visitor's browser.
      ignoreDefaultArgs: ['--disable-popup-blocking'],
    });
    page = await browser.newPage();
    page.setDefaultTimeout(STEP_MS);
    // Steady pictures: one pixel density, a fixed width, no pulse.
    await page.setViewport({ width: 1000, height: 800, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([
      { name: 'prefers-reduced-motion', value: 'reduce' },
      { name: 'prefers-color-scheme', value: 'light' },
    ]);
    await page.goto(url);
    // The page stays inert until msw's service worker answers its
    // requests, and the gallery until it has been driven.
    await page.waitForSelector('#demo:not([inert])');
    await page.waitForSelector('#gallery[data-ready]:not([inert])');
  },
  { timeout: 30_000 },
);

after(async () => {
  // Both, even when one of them fails to stop.
  await Promise.allSettled([browser?.close(), server?.close()]);
});

beforeEach(async () => {
  await page.click('#reset');
});

/**
 * Saves a picture of `selector` on `target` (an element, not the whole
 * page, to keep the files small; at most `max` wide and high) as
 * docs/screenshots/`name`.png.
 */
async function shoot(name, selector, target = page, max = {}) {
  if (!SCREENSHOTS) return;
  const element = await target.waitForSelector(selector);
  // Nothing focused or hovered in the picture.
  await target.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) {
      document.activeElement.blur();
    }
  });
  await target.mouse.move(0, 0);
  const box = await element.boundingBox();
  assert.ok(box, `${selector} is not visible`);
  await element.screenshot({
    path: `${SHOTS_DIR}${name}.png`,
    // Relative to the element: its top-left part, at most `max` in size.
    clip: {
      x: 0,
      y: 0,
      width: Math.min(box.width, max.width ?? Infinity),
      height: Math.min(box.height, max.height ?? Infinity),
    },
  });
}

/** Clicks `selector` and resolves with the popup it opens. */
async function clickForPopup(selector, isPopup) {
  const opened = browser.waitForTarget(
    isPopup ?? ((target) => target.opener() === page.target()),
    { timeout: STEP_MS },
  );
  await page.click(selector);
  const popup = await (await opened).page();
  assert.ok(popup, 'the popup has no page');
  // Module scripts have run by then, so the buttons have their handler.
  await popup.waitForFunction(() => document.readyState === 'complete');
  return popup;
}

/** Picks `choice` on a fake consent page and waits for the popup to go. */
async function choose(popup, choice) {
  const closed = new Promise((resolve) => popup.once('close', resolve));
  await popup.click(`button[value="${choice}"]`);
  await closed;
}

/**
 * Clicks the sign-in button, picks `choice` on the fake consent page in
 * the popup, and waits until the popup has closed itself.
 */
async function signInAs(choice) {
  await choose(await clickForPopup('#main-connect >>> button'), choice);
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

/** Resolves once the element at `selector` reflects `state`. */
async function waitForState(selector, state) {
  await page.waitForSelector(`${selector}[state="${state}"]`);
}

const field = (name) => `#main-signup >>> #${name}`;
const submitButton = '#main-signup >>> [part="submit"]';

/** Checks the failure panel's fault switch called `name`. */
async function breakServer(name) {
  await page.click(`#faults input[name="${name}"]`);
}

test('an existing user signs in: authed, with the user', LIMIT, async () => {
  await shoot('button', '#main-connect');
  const popup = await clickForPopup('#main-connect >>> button');
  await waitForState('#main-connect', 'waiting');
  assert.equal(
    await page.$eval('#main-connect >>> button', (b) => b.ariaBusy),
    'true',
  );
  await shoot('waiting', '#main-connect');
  await choose(popup, 'existing');

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

  await page.waitForSelector(field('email'));
  // The focus goes to this form's email field, not to a gallery form.
  assert.equal(
    await page.evaluate(
      () => document.activeElement?.shadowRoot?.activeElement?.id,
    ),
    'email',
  );
  assert.equal(
    await page.evaluate(() => document.activeElement?.id),
    'main-signup',
  );
  const value = (name) => page.$eval(field(name), (input) => input.value);
  assert.equal(await value('name'), 'Grace Hopper');
  assert.equal(await value('nickname'), 'grace');
  await shoot('signup', '#main-signup >>> form');

  await page.type(field('email'), 'taken@example.com');
  await page.click(submitButton);
  const failed = await loggedDetail('signup-failed');
  assert.deepEqual(failed.errors, ['Email has already been taken']);
  assert.equal(failed.status, 422);
  await shoot('signup-error', '#main-signup >>> form');

  await page.click(field('email'), { count: 3 }); // Selects what was typed.
  await page.type(field('email'), 'grace@example.com');
  await page.click(submitButton);
  const complete = await loggedDetail('signup-complete');
  assert.equal(complete.user.email, 'grace@example.com');
  assert.equal(complete.user.nickname, 'grace');
  assert.deepEqual(await loggedTypes(), [
    'signup-complete',
    'signup-failed',
    'pending',
  ]);
  await shoot('event-log', '#log', page, { width: 640, height: 440 });
});

test('cancel on the consent page: cancelled, closed', LIMIT, async () => {
  await signInAs('cancel');
  const detail = await loggedDetail('cancelled');
  assert.deepEqual(detail, { reason: 'closed' });
  assert.deepEqual(await loggedTypes(), ['cancelled']);
  assert.equal(await flowCookieLeft(), false);
});

test('the check endpoint answers 500: failed, http', LIMIT, async () => {
  await breakServer('checkError');
  await signInAs('existing');
  assert.deepEqual(await loggedDetail('failed'), {
    reason: 'http',
    status: 500,
  });
  await waitForState('#main-connect', 'failed');
  assert.equal(await flowCookieLeft(), false);
});

test('the sign-up endpoint answers 500: a retry works', LIMIT, async () => {
  await signInAs('new');
  await loggedDetail('pending');
  await breakServer('signupError');
  await page.type(field('email'), 'grace@example.com');
  await page.click(submitButton);
  const failed = await loggedDetail('signup-failed');
  assert.equal(failed.status, 500);
  assert.equal(failed.errors.length, 1);
  // What the user typed stays, and the form takes a second try.
  assert.equal(
    await page.$eval(field('email'), (input) => input.value),
    'grace@example.com',
  );
  await breakServer('signupError'); // Unchecks it.
  await page.click(submitButton);
  await loggedDetail('signup-complete');
});

test('a slow server: checking, then the outcome', LIMIT, async () => {
  await page.click('#faults input[name="slow"]');
  await page.evaluate(() => {
    // Timestamps of the button's states, as the page sees them.
    const button = document.querySelector('#main-connect');
    window.seenStates = [];
    new MutationObserver(() =>
      window.seenStates.push([button.state, performance.now()]),
    ).observe(button, { attributeFilter: ['state'] });
  });
  await signInAs('existing');
  await waitForState('#main-connect', 'checking');
  await shoot('checking', '#main-connect');
  await loggedDetail('authed');
  const seen = await page.evaluate(() => window.seenStates);
  const at = (state) => seen.find(([name]) => name === state)?.[1];
  assert.ok(at('checking') !== undefined, JSON.stringify(seen));
  assert.ok(at('authed') - at('checking') >= 2_500, JSON.stringify(seen));
});

test('a blocked popup: blocked, and the page stays', LONG_LIMIT, async () => {
  const url = page.url();
  await waitForNoPopups();
  await page.click('#connect-later');
  const detail = await loggedDetail('blocked');
  assert.equal(detail.url, '/auth/twitter');
  await waitForState('#main-connect', 'blocked');
  assert.equal(page.url(), url);
  assert.equal(await flowCookieLeft(), false);
  await page.waitForFunction(() =>
    document.querySelector('#connect-later-status')?.textContent?.includes(
      'the browser blocked the popup',
    ),
  );
  // The panel also explains a browser that lets the popup open.
  assert.match(
    await page.$eval('#blocked-case', (panel) => panel.textContent),
    /does not block popups[\s\S]*opens the popup anyway[\s\S]*waiting/,
  );
  await shoot('failure-switches', '#faults');
  await shoot('blocked', '#blocked-case');
});

/**
 * Headless Chromium has no window manager: the page keeps the focus while
 * its popup is open, which reads as "the user came back". Move it to the
 * popup inside `window.open`, as a desktop does; afterwards, give it back.
 */
async function focusMovesToPopup() {
  await page.evaluate(() => {
    const open = window.open;
    window.open = (...args) => {
      window.open = open;
      const popup = open.apply(window, args);
      if (popup) {
        document.hasFocus = () => false;
        window.dispatchEvent(new FocusEvent('blur'));
      }
      return popup;
    };
  });
  return () =>
    page.evaluate(() => {
      delete document.hasFocus;
      window.dispatchEvent(new FocusEvent('focus'));
    });
}

test('blocked, not vetoed: sign-in goes on here', LONG_LIMIT, async () => {
  const demo = page.url();
  await page.click('#stay-when-blocked'); // Unchecks it.
  await waitForNoPopups();
  const away = page.waitForNavigation({ timeout: STEP_MS });
  await page.click('#connect-later');
  await away;
  assert.equal(new URL(page.url()).pathname, '/auth/twitter');
  // No flow cookie: the callback redirects to the app, as a server does.
  const back = page.waitForNavigation({ timeout: STEP_MS });
  await page.waitForFunction(() => document.readyState === 'complete');
  await page.click('button[value="existing"]');
  await back;
  assert.equal(page.url(), demo);
  await page.waitForSelector('#demo:not([inert])');
  await page.waitForSelector('#gallery[data-ready]:not([inert])');
  assert.match(
    await page.$eval('#session-status', (p) => p.textContent),
    /signed in as Ada Lovelace/,
  );
  assert.equal(await flowCookieLeft(), false);
});

test('a provider with COOP, focus on the popup: waits, then authed', LIMIT, async () => {
  const focusBack = await focusMovesToPopup();
  const popup = await clickForPopup('#coop-connect >>> button', (target) =>
    target.url().includes('/auth/coop'),
  );
  // The popup is on the other loopback origin and cut off from the page.
  assert.notEqual(new URL(popup.url()).origin, new URL(page.url()).origin);
  // Long enough for `closed` to read true and several polls to see it.
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.equal(await page.$eval('#coop-connect', (el) => el.state), 'waiting');
  await shoot('coop-consent', 'body', popup);
  await choose(popup, 'existing');
  await focusBack();
  const detail = await loggedDetail('authed');
  assert.equal(detail.user.nickname, 'ada');
  assert.deepEqual(await loggedTypes(), ['authed']);
  assert.equal(await flowCookieLeft(), false);
});

test('a provider with COOP, focus kept: cancelled, then a late authed', LIMIT, async () => {
  // Headless: the page keeps the focus, so the cut-off popup reads closed.
  const popup = await clickForPopup('#coop-connect >>> button', (target) =>
    target.url().includes('/auth/coop'),
  );
  assert.deepEqual(await loggedDetail('cancelled'), { reason: 'closed' });
  await waitForState('#coop-connect', 'cancelled');
  await choose(popup, 'existing');
  const detail = await loggedDetail('authed');
  assert.equal(detail.user.nickname, 'ada');
  assert.deepEqual(await loggedTypes(), ['authed', 'cancelled']);
  await waitForState('#coop-connect', 'authed');
  assert.equal(await flowCookieLeft(), false);
  // The panel explains both outcomes.
  const text = await page.$eval('#coop-case', (panel) =>
    panel.textContent.replace(/\s+/g, ' '),
  );
  assert.match(text, /keeps waiting, and the flow completes \(authed\)/);
  assert.match(text, /ends cancelled at once[^.]*a late authed follows/);
});

/** The WCAG A and AA rules axe-core finds broken on the page, if any. */
async function axeViolations() {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: AXE });
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.map((node) => node.target.join(' ')),
    }));
  });
  return violations;
}

/** Resolves once no window this page opened is left. */
async function waitForNoPopups() {
  const popups = () =>
    browser.targets().filter((target) => target.opener() === page.target());
  const deadline = Date.now() + STEP_MS;
  while (popups().length > 0) {
    const urls = popups().map((target) => target.url());
    assert.ok(Date.now() < deadline, `popups left open: ${urls.join(' ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Presses a gallery button and waits for the state it shows. */
async function pressTile(id, state) {
  await page.click(`#${id} >>> button`);
  await waitForState(`#${id}`, state);
}

/** How far each gallery button sticks out of its card's content box. */
async function galleryOverflow() {
  return page.$$eval('#gallery li', (cards) =>
    cards.flatMap((card) => {
      const style = getComputedStyle(card);
      const box = card.getBoundingClientRect();
      const right = box.right - parseFloat(style.borderRightWidth) -
        parseFloat(style.paddingRight);
      const buttons = [
        ...card.querySelectorAll('button'),
        ...[...card.querySelectorAll('twitter-connect')].map((el) =>
          el.shadowRoot.querySelector('button'),
        ),
      ];
      return buttons
        .map((button) => ({
          card: card.firstElementChild?.id ?? '',
          over: Math.round(button.getBoundingClientRect().right - right),
        }))
        .filter(({ over }) => over > 0);
    }),
  );
}

test('every gallery button fits in its card', LIMIT, async () => {
  try {
    for (const width of [1200, 1000, 700, 360]) {
      await page.setViewport({ width, height: 800, deviceScaleFactor: 1 });
      assert.deepEqual(await galleryOverflow(), [], `at ${width} px`);
    }
  } finally {
    await page.setViewport({ width: 1000, height: 800, deviceScaleFactor: 1 });
  }
});

test('the gallery shows every state of both elements', LONG_LIMIT, async () => {
  const tile = (id) => `#gallery li:has(> #${id})`;
  // A button needs a press to open its popup; until then it says so.
  const readout = (id) =>
    page.$eval(`${tile(id)} .state`, (p) => p.textContent.trim());
  assert.equal(await readout('gallery-idle'), 'state: idle');
  const pressed = ['waiting', 'checking', 'authed', 'pending', 'cancelled',
    'failed', 'blocked'];
  for (const state of pressed) {
    assert.equal(
      await readout(`gallery-${state}`),
      `state: idle – press to show this state (${state})`,
    );
    assert.match(
      await page.$eval(`${tile(`gallery-${state}`)} .caption`, (p) =>
        p.textContent.replace(/\s+/g, ' '),
      ),
      new RegExp(`^ ?${state}: press to show this state`),
    );
  }
  await shoot('gallery-connect-press', tile('gallery-authed'));
  await shoot('gallery-connect-idle', tile('gallery-idle'));

  // Waiting: the popup's page never answers; closing it cancels.
  const popup = await clickForPopup('#gallery-waiting >>> button');
  await waitForState('#gallery-waiting', 'waiting');
  await shoot('gallery-connect-waiting', tile('gallery-waiting'));
  await popup.close();
  await page.bringToFront();
  await waitForState('#gallery-waiting', 'cancelled');

  // Checking: the check request never answers; cancel() ends it.
  await pressTile('gallery-checking', 'checking');
  await shoot('gallery-connect-checking', tile('gallery-checking'));
  await page.$eval('#gallery-checking', (el) => el.cancel());
  await waitForState('#gallery-checking', 'cancelled');

  for (const state of ['authed', 'pending', 'cancelled', 'failed']) {
    await pressTile(`gallery-${state}`, state);
    const status = await page.$eval(
      `#gallery-${state} >>> [part="status"]`,
      (region) => region.textContent.trim(),
    );
    assert.ok(status, `${state} announces nothing`);
    await shoot(`gallery-connect-${state}`, tile(`gallery-${state}`));
  }

  // `window.open` into a window of that name that is still closing
  // reuses it, and the blocker lets that through: wait until it is gone.
  await waitForNoPopups();
  await page.click('#gallery-connect-later');
  await waitForState('#gallery-blocked', 'blocked');
  await shoot('gallery-connect-blocked', tile('gallery-blocked'));
  // Pressed, each shows its state and no longer asks for a press.
  for (const state of pressed) {
    assert.doesNotMatch(await readout(`gallery-${state}`), /press/);
  }

  // The gallery's events stay in the gallery: none reached the log, nor
  // opened the form at the top.
  assert.deepEqual(await loggedTypes(), []);
  assert.equal(await page.$eval('#main-signup', (el) => el.state), 'hidden');

  // That form gives up after 15 s; a press of its button posts again.
  const submitting = '#gallery-submitting';
  if ((await page.$eval(submitting, (el) => el.state)) !== 'submitting') {
    await page.click(`${submitting} >>> [part="submit"]`);
  }
  const forms = {
    'gallery-empty': ['editing', null],
    'gallery-missing': ['editing', 'email'],
    'gallery-field-errors': ['editing', 'email nickname'],
    'gallery-submitting': ['submitting', null],
    'gallery-server-error': ['editing', null],
    'gallery-expired': ['editing', null],
    'gallery-done': ['done', null],
  };
  for (const [id, [state, invalid]] of Object.entries(forms)) {
    assert.equal(await page.$eval(`#${id}`, (el) => el.state), state, id);
    const flagged = await page.$$eval(
      `#${id} >>> input[aria-invalid="true"]`,
      (inputs) => inputs.map((input) => input.name).join(' '),
    );
    assert.equal(flagged || null, invalid, id);
    await shoot(id.replace('gallery-', 'gallery-signup-'), tile(id));
  }
  const messages = (id) =>
    page.$eval(`#${id} >>> [part="errors"]`, (list) => list.textContent);
  assert.match(await messages('gallery-server-error'), /try again/i);
  assert.match(await messages('gallery-expired'), /reload/i);

  // Every state at once on the page: axe finds nothing, in both themes.
  assert.deepEqual(await axeViolations(), []);
  await page.click('#theme');
  assert.deepEqual(await axeViolations(), []);
  await shoot('dark-signup', tile('gallery-field-errors'));
  await page.click('#theme');
});

test('the dark theme', LIMIT, async () => {
  await page.click('#theme');
  assert.equal(
    await page.evaluate(() => document.documentElement.dataset.theme),
    'dark',
  );
  await shoot('dark-theme', '#demo');
  await page.click('#theme');
});
