// Drives one framework example in headless Chromium: starts its Vite dev
// server on a free loopback port, signs a new user up and then in, and
// checks what the framework set and heard. Nothing is downloaded.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../scripts/chromium.mjs';
import { createServer } from 'vite';

const EXPECTED_CONNECT = {
  provider: 'twitter',
  href: '/close.html',
  method: 'get',
  checkUrl: '/api/check',
  popupWidth: 480,
  popupHeight: 520,
  timeout: 120,
  checkTimeout: 5,
  cookieName: 'example_popup',
  cancelledText: 'No sign-in this time.',
};

async function startVite(name) {
  const server = await createServer({
    configFile: fileURLToPath(
      new URL(`./${name}/vite.config.ts`, import.meta.url),
    ),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false },
  });
  await server.listen();
  const { port } = server.httpServer.address();
  return { server, url: `http://127.0.0.1:${port}` };
}

function launch() {
  return launchChromium();
}

const statusOf = (page) => page.$eval('#status', (p) => p.textContent.trim());

async function waitForStatus(page, text) {
  await page
    .waitForFunction(
      (t) => document.querySelector('#status')?.textContent.includes(t),
      { timeout: 10_000 },
      text,
    )
    .catch(async (error) => {
      throw new Error(`status "${await statusOf(page)}", wanted "${text}"`, {
        cause: error,
      });
    });
}

/** The whole check for the example in `examples/<name>/`. */
export async function checkExample(t, name) {
  const { server, url } = await startVite(name);
  t.after(() => server.close());
  const browser = await launch();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on('console', (message) => {
    if (['error', 'warn'].includes(message.type())) {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  await page.goto(url);
  await page.waitForSelector('twitter-connect >>> button');

  // Every property arrived as a property, with its type.
  const connect = await page.$eval('twitter-connect', (el) => ({
    provider: el.provider,
    href: el.href,
    method: el.method,
    checkUrl: el.checkUrl,
    popupWidth: el.popupWidth,
    popupHeight: el.popupHeight,
    timeout: el.timeout,
    checkTimeout: el.checkTimeout,
    cookieName: el.cookieName,
    cancelledText: el.getAttribute('text-cancelled'),
  }));
  assert.deepEqual(connect, EXPECTED_CONNECT);

  // A new user: `pending` reaches the framework, which renders the form
  // with the profile it got; the element did not see that event itself.
  await page.click('twitter-connect >>> button');
  await waitForStatus(page, 'Almost there, Ada Lovelace.');
  await page.waitForSelector('twitter-complete-signup >>> #email');
  const signup = await page.$eval('twitter-complete-signup', (el) => ({
    action: el.action,
    csrfToken: el.csrfToken,
    profile: { ...el.profile },
    state: el.state,
    name: el.shadowRoot.querySelector('#name').value,
  }));
  assert.deepEqual(signup, {
    action: '/api/users',
    csrfToken: 'example-token',
    profile: { nickname: 'ada', name: 'Ada Lovelace' },
    state: 'editing',
    name: 'Ada Lovelace',
  });
  await page.type('twitter-complete-signup >>> #email', 'ada@example.com');
  await page.keyboard.press('Enter');
  await waitForStatus(page, 'Welcome, Ada Lovelace.');
  assert.equal(await page.$('twitter-complete-signup'), null);

  // Signed up: the next sign-in ends in `authed`, heard by the framework.
  await page.click('twitter-connect >>> button');
  await waitForStatus(page, 'Signed in as Ada Lovelace.');

  const requests = await (await fetch(`${url}/__requests`)).json();
  assert.deepEqual(
    requests.map((r) => `${r.method} ${r.url}`),
    ['GET /api/check', 'POST /api/users', 'GET /api/check'],
  );
  assert.equal(requests[1].csrf, 'example-token');
  assert.deepEqual(requests[1].body, {
    user: { email: 'ada@example.com', name: 'Ada Lovelace', nickname: 'ada' },
  });
  assert.equal(
    await page.evaluate(() => document.cookie.includes('example_popup')),
    false,
  );
  const devModeNote = 'Lit is in dev mode';
  assert.deepEqual(problems.filter((p) => !p.includes(devModeNote)), []);
}
