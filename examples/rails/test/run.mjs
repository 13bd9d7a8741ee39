// Browser tests of the built elements (dist/) against the Rails example and
// the fake Twitter provider: `npm run test:rails`. Each case runs in its own
// browser context (fresh cookies and session) in headless Chromium, drives
// the popup the way a person would, and reads the events that the example
// page collects in `window.twitterConnectEvents`.


import { chromiumPath, launchChromium } from '../../../scripts/chromium.mjs';

import { EXISTING_ACCOUNT } from '../fake-twitter/server.mjs';
import { startServers } from '../script/servers.mjs';

// Generous, for a busy machine; a passing case takes about a second.
const CASE_TIMEOUT_MS = 40_000;
const EVENT_TIMEOUT_MS = 15_000;
const TERMINAL_EVENTS = ['authed', 'pending', 'cancelled', 'failed', 'blocked'];
const SIGNUP_EVENTS = ['signup-complete', 'signup-failed'];
const SESSION_COOKIE = '_twitter_connect_example_session';
const FLOW_COOKIE = 'twitter_oauth_popup';

try {
  chromiumPath();
} catch (error) {
  console.error(`test:rails: ${error.message}`);
  process.exit(1);
}

/** Every server and browser log line, printed for a failing case. */
const logLines = [];
const verbose = Boolean(process.env.TEST_RAILS_VERBOSE);
const log = (line) => {
  logLines.push(line);
  if (verbose) console.log(`    | ${line}`);
};

const started = Date.now();
let servers;
let browser;
let passed = 0;
let failed = 0;

async function shutDown() {
  await browser?.close().catch(() => {});
  await servers?.stop().catch(() => {});
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void shutDown().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------- helpers

/** A fresh page on the example's home page, elements defined. */
async function openApp() {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(EVENT_TIMEOUT_MS);
  watchConsole(page, 'page');
  await page.goto(`${servers.appUrl}/`);
  await page.waitForFunction(
    () =>
      customElements.get('twitter-connect') &&
      customElements.get('twitter-complete-signup') &&
      Array.isArray(window.twitterConnectEvents),
  );
  return { context, page };
}

function watchConsole(page, label) {
  page.on('console', (message) => log(`${label} console: ${message.text()}`));
  page.on('pageerror', (error) => log(`${label} error: ${error.message}`));
}

/** Clicks the Sign in button and returns the popup once it shows Twitter. */
async function startFlow(page) {
  const popupOpened = new Promise((resolve) => page.once('popup', resolve));
  await page.click('twitter-connect');
  const popup = await withTimeout(popupOpened, 5000, 'no popup opened');
  popup.setDefaultTimeout(EVENT_TIMEOUT_MS);
  watchConsole(popup, 'popup');
  await popup.waitForSelector('#authorize', { timeout: EVENT_TIMEOUT_MS });
  return popup;
}

/** The first event of `types` that the page saw, waiting for it. */
async function nextEvent(page, types, after = 0) {
  const seen = await page
    .waitForFunction(
      (types, after) =>
        window.twitterConnectEvents
          .slice(after)
          .some((e) => types.includes(e.type)),
      { timeout: EVENT_TIMEOUT_MS },
      types,
      after,
    )
    .then(
      () => true,
      () => false,
    );
  if (!seen) {
    const events = await page.evaluate(() => window.twitterConnectEvents);
    throw new Error(
      `no ${types.join('/')} event within ${EVENT_TIMEOUT_MS} ms; ` +
        `events so far: ${JSON.stringify(events.map((e) => e.type))}`,
    );
  }
  return page.evaluate(
    (types, after) =>
      window.twitterConnectEvents
        .slice(after)
        .find((e) => types.includes(e.type)),
    types,
    after,
  );
}

async function expectEvent(page, types, expectedType, after = 0) {
  const event = await nextEvent(page, types, after);
  if (event.type !== expectedType) {
    throw new Error(
      `expected "${expectedType}", got "${event.type}" ` +
        `${JSON.stringify(event.detail)}`,
    );
  }
  return event.detail;
}

async function eventCount(page) {
  return page.evaluate(() => window.twitterConnectEvents.length);
}

/** Waits until puppeteer sees the popup closed (by itself or the page). */
async function expectPopupClosed(popup, what) {
  const deadline = Date.now() + 3000;
  while (!popup.isClosed()) {
    if (Date.now() > deadline) throw new Error(`${what}: popup still open`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Each flow ends in exactly one terminal event; wait a little for a 2nd. */
async function expectSingleOutcome(page) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const outcomes = await page.evaluate(
    (types) =>
      window.twitterConnectEvents.filter((e) => types.includes(e.type)),
    TERMINAL_EVENTS,
  );
  if (outcomes.length !== 1) {
    throw new Error(`expected one outcome, got ${JSON.stringify(outcomes)}`);
  }
}

async function expectNoFlowCookie(page) {
  const cookies = await page.evaluate(() => document.cookie);
  if (cookies.includes(`${FLOW_COOKIE}=`)) {
    throw new Error(`the flow cookie is left behind: ${cookies}`);
  }
}

/** Runs a sign-in as a new Twitter user and returns the `pending` detail. */
async function reachPending(page) {
  const popup = await startFlow(page);
  await popup.click('#authorize-new');
  const detail = await expectEvent(page, TERMINAL_EVENTS, 'pending');
  await expectPopupClosed(popup, 'after pending');
  await page.waitForSelector('twitter-complete-signup >>> input[name="email"]');
  return detail;
}

async function fieldValue(page, name) {
  return page.$eval(
    `twitter-complete-signup >>> input[name="${name}"]`,
    (input) => input.value,
  );
}

async function submitSignup(page, email) {
  const input = await page.$('twitter-complete-signup >>> input[name="email"]');
  await input.click({ count: 3 });
  await input.type(email);
  await page.click('twitter-complete-signup >>> button[type="submit"]');
}

async function signupMessages(page) {
  return page.$eval('twitter-complete-signup >>> [role="status"]', (region) =>
    region.textContent.replace(/\s+/g, ' ').trim(),
  );
}

async function checkEndpoint(page) {
  return page.evaluate(async () => {
    const response = await fetch('/auth/check/twitter', {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    return response.json();
  });
}

function assertEqual(actual, expected, what) {
  if (actual !== expected) {
    throw new Error(
      `${what}: expected ${JSON.stringify(expected)}, ` +
        `got ${JSON.stringify(actual)}`,
    );
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// ------------------------------------------------------------------ cases

const cases = [
  [
    'existing user signs in (authed)',
    async ({ page }) => {
      const popup = await startFlow(page);
      await popup.click('#authorize');
      const detail = await expectEvent(page, TERMINAL_EVENTS, 'authed');
      assertEqual(detail.user?.email, 'existing@example.com', 'user.email');
      assertEqual(detail.authentication?.provider, 'twitter', 'provider');
      assertEqual(
        detail.authentication?.uid,
        String(EXISTING_ACCOUNT.id),
        'authentication.uid',
      );
      await expectPopupClosed(popup, 'after authed');
      await expectNoFlowCookie(page);
      await expectSingleOutcome(page);
      await page.waitForFunction(() =>
        document
          .getElementById('status')
          .textContent.includes('Existing Person'),
      );
    },
  ],
  [
    'signing out after an in-page sign-in uses the fresh CSRF token',
    async ({ page }) => {
      const popup = await startFlow(page);
      await popup.click('#authorize');
      await expectEvent(page, TERMINAL_EVENTS, 'authed');
      await page.waitForSelector('#sign-out:not([hidden])');
      await Promise.all([page.waitForNavigation(), page.click('#sign-out')]);
      const status = await page.$eval('#status', (p) => p.textContent.trim());
      assertEqual(status, 'Not signed in.', 'status after sign-out');
    },
  ],
  [
    'new user signs up (pending, prefilled form, signup-complete)',
    async ({ page }) => {
      const { profile, omniauth } = await reachPending(page);
      if (!/^newcomer\d+$/.test(profile?.nickname ?? '')) {
        throw new Error(`unexpected profile ${JSON.stringify(profile)}`);
      }
      assertEqual(
        await fieldValue(page, 'nickname'),
        profile.nickname,
        'nickname field',
      );
      assertEqual(await fieldValue(page, 'name'), profile.name, 'name field');
      assertEqual(await fieldValue(page, 'email'), '', 'email field');
      const before = await eventCount(page);
      const email = `${profile.nickname}@example.com`;
      await submitSignup(page, email);
      const { user } = await expectEvent(
        page,
        SIGNUP_EVENTS,
        'signup-complete',
        before,
      );
      assertEqual(user?.email, email, 'user.email');
      assertEqual(user?.nickname, profile.nickname, 'user.nickname');
      // The Twitter identity is attached: the next check says signed in.
      const check = await checkEndpoint(page);
      assertEqual(check.authed, true, 'check.authed');
      assertEqual(check.authentication?.uid, omniauth.uid, 'linked uid');
    },
  ],
  [
    'sign-up with a taken email shows the 422 message',
    async ({ page }) => {
      await reachPending(page);
      const before = await eventCount(page);
      await submitSignup(page, 'existing@example.com');
      const detail = await expectEvent(
        page,
        SIGNUP_EVENTS,
        'signup-failed',
        before,
      );
      assertEqual(detail.status, 422, 'status');
      assertEqual(
        JSON.stringify(detail.errors),
        JSON.stringify(['Email has already been taken']),
        'errors',
      );
      const shown = await signupMessages(page);
      if (!shown.includes('Email has already been taken')) {
        throw new Error(`message not shown; the form says "${shown}"`);
      }
      assertEqual(
        await fieldValue(page, 'email'),
        'existing@example.com',
        'kept email',
      );
    },
  ],
  [
    'sign-up with an expired session asks for a reload',
    async ({ page }) => {
      await reachPending(page);
      // The session cookie holds the CSRF token: without it, Rails refuses
      // the token the page sends, as after the session expired.
      await page.deleteCookie({ name: SESSION_COOKIE, url: servers.appUrl });
      const before = await eventCount(page);
      await submitSignup(page, 'late@example.com');
      const detail = await expectEvent(
        page,
        SIGNUP_EVENTS,
        'signup-failed',
        before,
      );
      assertEqual(detail.status, 422, 'status');
      const shown = await signupMessages(page);
      if (!/session has expired/i.test(shown) || !/reload/i.test(shown)) {
        throw new Error(
          `no "session expired" message; the form says "${shown}"`,
        );
      }
    },
  ],
  [
    'Deny on Twitter ends as cancelled',
    async ({ page }) => {
      const popup = await startFlow(page);
      await popup.click('#deny');
      const detail = await expectEvent(page, TERMINAL_EVENTS, 'cancelled');
      assertEqual(detail.reason, 'closed', 'reason');
      await expectPopupClosed(popup, 'after deny');
      await expectNoFlowCookie(page);
      await expectSingleOutcome(page);
    },
  ],
  [
    'Cancel on Twitter ends as cancelled and the popup closes itself',
    async ({ page }) => {
      const popup = await startFlow(page);
      await popup.click('#cancel');
      const detail = await expectEvent(page, TERMINAL_EVENTS, 'cancelled');
      assertEqual(detail.reason, 'closed', 'reason');
      await expectPopupClosed(popup, 'after cancel');
      await expectNoFlowCookie(page);
      await expectSingleOutcome(page);
    },
  ],
  [
    'a page with only the element, reached in the popup, closes it',
    async ({ page }) => {
      // As if Twitter's Cancel link led to /about, which has no cookie check
      // of its own: the <twitter-connect> there reports and closes.
      const popup = await startFlow(page);
      await popup.goto(`${servers.appUrl}/about`);
      const detail = await expectEvent(page, TERMINAL_EVENTS, 'cancelled');
      assertEqual(detail.reason, 'closed', 'reason');
      await expectPopupClosed(popup, 'after /about');
      await expectNoFlowCookie(page);
      await expectSingleOutcome(page);
    },
  ],
  [
    'closing the popup by hand ends as cancelled within 1.5 s',
    async ({ page }) => {
      const popup = await startFlow(page);
      const closedAt = Date.now();
      await popup.close();
      const detail = await expectEvent(page, TERMINAL_EVENTS, 'cancelled');
      const took = Date.now() - closedAt;
      assertEqual(detail.reason, 'closed', 'reason');
      if (took > 1500) throw new Error(`cancelled only after ${took} ms`);
      await expectNoFlowCookie(page);
      await expectSingleOutcome(page);
      return `cancelled ${took} ms after the close`;
    },
  ],
  [
    'existing user signs in through a consent page that sends COOP',
    async ({ page }) => {
      // twitter.com sends Cross-Origin-Opener-Policy: the popup's `closed`
      // then reads true while the user is still on the consent page.
      servers.twitter.crossOriginOpenerPolicy = true;
      try {
        // In a real browser the popup has the focus while it is open;
        // headless Chromium says every page has it (see BROWSER-FACTS), so
        // this page says so itself.
        await page.evaluate(() => {
          document.hasFocus = () => false;
        });
        const popup = await startFlow(page);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const early = await page.evaluate(() => window.twitterConnectEvents);
        if (early.length > 0) {
          throw new Error(`ended early: ${JSON.stringify(early)}`);
        }
        await popup.click('#authorize');
        const detail = await expectEvent(page, TERMINAL_EVENTS, 'authed');
        assertEqual(detail.user?.email, 'existing@example.com', 'user.email');
        await expectNoFlowCookie(page);
      } finally {
        servers.twitter.crossOriginOpenerPolicy = false;
      }
    },
  ],
  [
    'with COOP, a sign-in after an early cancelled is still reported',
    async ({ page }) => {
      // Here the opener keeps the focus (the user glanced back), so the
      // cut-off popup looks closed by hand: the flow ends as cancelled, and
      // the close page's report must still turn into authed.
      servers.twitter.crossOriginOpenerPolicy = true;
      try {
        const popup = await startFlow(page);
        const early = await expectEvent(page, TERMINAL_EVENTS, 'cancelled');
        assertEqual(early.reason, 'closed', 'early reason');
        const before = await eventCount(page);
        await popup.click('#authorize');
        const detail = await expectEvent(
          page,
          TERMINAL_EVENTS,
          'authed',
          before,
        );
        assertEqual(detail.user?.email, 'existing@example.com', 'user.email');
        await expectPopupClosed(popup, 'after the late authed');
        await expectNoFlowCookie(page);
      } finally {
        servers.twitter.crossOriginOpenerPolicy = false;
      }
    },
  ],
  [
    'a blocked popup falls back to the same window (new user signs up)',
    async ({ page }) => {
      // A popup blocker makes window.open return null.
      await page.evaluateOnNewDocument(() => {
        window.open = () => null;
      });
      await page.reload();
      await page.waitForFunction(() => customElements.get('twitter-connect'));
      await Promise.all([
        page.waitForNavigation(),
        page.click('twitter-connect'),
      ]);
      // The consent page, in this window; no flow cookie, so the callback
      // redirects home as an ordinary Devise app does.
      await page.waitForSelector('#authorize-new');
      await Promise.all([
        page.waitForNavigation(),
        page.click('#authorize-new'),
      ]);
      await page.waitForSelector(
        'twitter-complete-signup >>> input[name="email"]',
      );
      await page.waitForFunction(() =>
        Array.isArray(window.twitterConnectEvents),
      );
      const nickname = await fieldValue(page, 'nickname');
      if (!/^newcomer\d+$/.test(nickname)) {
        throw new Error(`form not prefilled: nickname is "${nickname}"`);
      }
      await submitSignup(page, `${nickname}@example.com`);
      const { user } = await expectEvent(
        page,
        SIGNUP_EVENTS,
        'signup-complete',
      );
      assertEqual(user?.nickname, nickname, 'user.nickname');
      await expectNoFlowCookie(page);
    },
  ],
  [
    'an empty flow cookie counts as absent',
    async ({ page }) => {
      // What `cookies[:twitter_oauth_popup] = nil` leaves behind; Ruby's ""
      // is true, so a naive check would serve the close page here.
      await page.setCookie({
        name: FLOW_COOKIE,
        value: '',
        url: servers.appUrl,
      });
      await page.goto(`${servers.appUrl}/`);
      const heading = await page.$eval('h1', (h1) => h1.textContent);
      if (!/Sign in with Twitter/.test(heading)) {
        throw new Error(`home page not served; got "${heading}"`);
      }
    },
  ],
  [
    'the Rails app refuses connections to non-loopback hosts',
    async () => {
      // Checks the guard without aiming anything at a real host: it must be
      // installed on both socket classes and refuse Twitter's API host.
      const output = await servers.rails([
        'runner',
        `refused = begin
           LoopbackOnly.check!("api.twitter.com")
           false
         rescue LoopbackOnly::BlockedConnection
           true
         end
         LoopbackOnly.check!("127.0.0.1")
         LoopbackOnly.check!("::1")
         guards = [LoopbackOnly::GuardTCPSocket, LoopbackOnly::GuardSocket]
         installed = TCPSocket.ancestors.include?(guards[0]) &&
           Socket.ancestors.include?(guards[1])
         puts(refused && installed ? "guarded" : "unguarded")`,
      ]);
      if (!output.includes('guarded') || output.includes('unguarded')) {
        throw new Error(`guard missing: ${output}`);
      }
    },
  ],
];

// ------------------------------------------------------------------- main

try {
  servers = await startServers({ railsEnv: 'test', log });
  browser = await launchChromium();
  console.log(
    `test:rails: Rails at ${servers.appUrl}, fake Twitter at ` +
      `${servers.twitter.apiUrl} (ready in ${Date.now() - started} ms)`,
  );

  for (const [name, test] of cases) {
    const firstLine = logLines.length;
    const caseStarted = Date.now();
    let context;
    try {
      const app = test.length > 0 ? await openApp() : {};
      context = app.context;
      // A case may return a short note worth printing, such as a latency.
      const note = await withTimeout(
        test(app),
        CASE_TIMEOUT_MS,
        `timed out after ${CASE_TIMEOUT_MS} ms`,
      );
      passed += 1;
      console.log(
        `ok - ${name} (${Date.now() - caseStarted} ms` +
          `${note ? `; ${note}` : ''})`,
      );
    } catch (error) {
      failed += 1;
      console.log(`not ok - ${name}: ${error.message}`);
      for (const line of logLines.slice(firstLine).slice(-60)) {
        console.log(`    | ${line}`);
      }
    } finally {
      await context?.close().catch(() => {});
    }
  }
} catch (error) {
  failed += 1;
  console.log(`not ok - start the servers and the browser: ${error.message}`);
  for (const line of logLines.slice(-60)) console.log(`    | ${line}`);
} finally {
  await shutDown();
}

console.log(
  `test:rails: finished in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
