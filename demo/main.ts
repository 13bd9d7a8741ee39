/**
 * The demo page: starts the fake server, logs every event of both elements
 * and wires the Reset and theme buttons. The same page also loads inside
 * the popup when the user cancels on the consent page; `<twitter-connect>`
 * then tells the opener and closes the popup by itself.
 */
// Vite maps the `.js` of a TypeScript import to the `.ts` source, as tsc
// does, so this is src/define.ts and not the built dist/.
import '../src/define.js';
import { resetSession } from './fake-session.js';
import { startMocks } from './mocks.js';

const EVENTS = [
  'authed',
  'pending',
  'cancelled',
  'failed',
  'blocked',
  'signup-complete',
  'signup-failed',
] as const;

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`demo: #${id} is missing from index.html`);
  return element as T;
}

const demo = byId('demo');
const mockStatus = byId('mock-status');
const log = byId<HTMLOListElement>('log');
const logEmpty = byId('log-empty');
const themeButton = byId<HTMLButtonElement>('theme');
const connect = document.querySelector('twitter-connect');
const signup = document.querySelector('twitter-complete-signup');

/** Adds one event at the top of the log, its detail as JSON text. */
function logEvent(type: string, detail: unknown): void {
  const entry = document.createElement('li');
  entry.dataset.event = type;
  const time = document.createElement('time');
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString();
  const name = document.createElement('strong');
  name.textContent = type;
  const json = document.createElement('pre');
  json.textContent = JSON.stringify(detail, null, 2);
  entry.append(time, ' ', name, json);
  log.prepend(entry);
  logEmpty.hidden = true;
}

for (const type of EVENTS) {
  document.addEventListener(type, (event) => logEvent(type, event.detail));
}

byId('reset').addEventListener('click', () => {
  connect?.cancel(); // Closes a popup left open; logs `cancelled` first.
  resetSession();
  if (signup) signup.profile = null;
  log.replaceChildren();
  logEmpty.hidden = false;
});

function setTheme(dark: boolean): void {
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  themeButton.setAttribute('aria-pressed', String(dark));
}
setTheme(matchMedia('(prefers-color-scheme: dark)').matches);
themeButton.addEventListener('click', () =>
  setTheme(themeButton.getAttribute('aria-pressed') !== 'true'),
);

startMocks().then(
  () => {
    mockStatus.textContent = 'Ready: the fake server is running.';
    demo.inert = false;
  },
  (error: unknown) => {
    // Service workers need a secure context: localhost, not a LAN address.
    mockStatus.textContent =
      `The fake server could not start (${String(error)}). ` +
      'Open the demo on http://localhost.';
  },
);
