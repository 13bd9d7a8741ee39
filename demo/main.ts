/**
 * The demo page: starts the fake server, logs every event of the elements
 * at the top, wires the Reset and theme buttons and the failure cases, and
 * drives the gallery. The same page also loads inside the popup when the
 * user cancels on the consent page; `<twitter-connect>` then tells the
 * opener and closes the popup by itself.
 */
// Vite maps the `.js` of a TypeScript import to the `.ts` source, as tsc
// does, so this is src/define.ts and not the built dist/.
import '../src/define.js';
import { ELEMENT_EVENTS } from './event-names.js';
import { checkAnswer, resetSession } from './fake-session.js';
import { driveGallery } from './gallery.js';
import { faults, startMocks } from './mocks.js';
import { connectWithoutGesture } from './without-gesture.js';

/** How long the "slow server" takes to answer. */
const SLOW_MS = 3_000;

type ConnectElement = HTMLElementTagNameMap['twitter-connect'];
type SignupElement = HTMLElementTagNameMap['twitter-complete-signup'];

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`demo: #${id} is missing from index.html`);
  return element as T;
}

const mockStatus = byId('mock-status');
const log = byId<HTMLOListElement>('log');
const logEmpty = byId('log-empty');
const themeButton = byId<HTMLButtonElement>('theme');
const connect = document.querySelector<ConnectElement>('#main-connect');
const coopConnect = document.querySelector<ConnectElement>('#coop-connect');
const signup = document.querySelector<SignupElement>('#main-signup');
const faultInputs = byId<HTMLFieldSetElement>('faults').elements;
const stayWhenBlocked = byId<HTMLInputElement>('stay-when-blocked');
const laterStatus = byId('connect-later-status');
const sessionStatus = byId('session-status');

/** `twitter-connect#coop-connect`: which element fired. */
function describe(target: EventTarget | null): string {
  if (!(target instanceof Element)) return 'document';
  const tag = target.localName;
  return target.id ? `${tag}#${target.id}` : tag;
}

/** Adds one event at the top of the log, its detail as JSON text. */
function logEvent(event: Event): void {
  const entry = document.createElement('li');
  entry.dataset.event = event.type;
  const time = document.createElement('time');
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString();
  const name = document.createElement('strong');
  name.textContent = event.type;
  const source = document.createElement('code');
  source.textContent = describe(event.target);
  const json = document.createElement('pre');
  const detail = event instanceof CustomEvent ? event.detail : null;
  json.textContent = JSON.stringify(detail, null, 2);
  entry.append(time, ' ', name, ' from ', source, json);
  log.prepend(entry);
  logEmpty.hidden = true;
}

for (const type of ELEMENT_EVENTS) document.addEventListener(type, logEvent);

/** What the app would render: who the fake session says is signed in. */
function showSession(): void {
  const answer = checkAnswer();
  const user = answer.user as { name?: string; nickname?: string } | undefined;
  const profile = answer.omniauth?.info;
  sessionStatus.textContent = user
    ? `The fake session: signed in as ${user.name} (@${user.nickname}).`
    : profile
      ? `The fake session: @${profile.nickname} has no account yet.`
      : 'The fake session: signed out.';
}
showSession();
// The popup's pages write the session too (localStorage).
addEventListener('storage', showSession);
for (const type of ELEMENT_EVENTS) document.addEventListener(type, showSession);

// Every <twitter-complete-signup> opens on any `pending` that reaches the
// document, and the last one takes the focus. The gallery's forms must
// keep their states, so `pending` stops here and opens this form only.
byId('main').addEventListener('pending', (event) => {
  event.stopPropagation();
  logEvent(event);
  if (signup) signup.profile = event.detail.profile;
  showSession();
});

// Unchecked, the element's default action continues in this window.
document.addEventListener('blocked', (event) => {
  if (stayWhenBlocked.checked) event.preventDefault();
});

/** Reads the failure panel's checkboxes into the fake server. */
function applyFaults(): void {
  const checked = (name: string) =>
    (faultInputs.namedItem(name) as HTMLInputElement | null)?.checked ?? false;
  faults.checkError = checked('checkError');
  faults.signupError = checked('signupError');
  faults.delayMs = checked('slow') ? SLOW_MS : 0;
}
byId('faults').addEventListener('change', applyFaults);

byId('connect-later').addEventListener('click', () => {
  if (!connect) return;
  laterStatus.textContent =
    'Waiting for your click to stop counting as a user gesture…';
  void connectWithoutGesture(connect).then(() => {
    laterStatus.textContent =
      connect.state === 'blocked'
        ? 'connect() called: the browser blocked the popup; the button is ' +
          'now “blocked”.'
        : 'connect() called: this browser does not block popups, so the ' +
          `popup opened and the button is now “${connect.state}”. Sign in ` +
          'or close the popup to end the flow.';
  });
});

// A real provider lives on another origin; loopback has two names.
const providerHost =
  location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
const providerOrigin = `${location.protocol}//${providerHost}:${location.port}`;
byId('coop-origin').textContent = providerOrigin;
if (coopConnect) {
  const consent = new URL('/auth/coop', providerOrigin);
  consent.searchParams.set(
    'redirect_uri',
    new URL('/auth/twitter/callback', location.href).href,
  );
  coopConnect.href = consent.href;
}

byId('reset').addEventListener('click', () => {
  // Closes a popup left open; logs `cancelled` first.
  connect?.cancel();
  coopConnect?.cancel();
  resetSession();
  for (const input of faultInputs) {
    if (input instanceof HTMLInputElement) input.checked = false;
  }
  applyFaults();
  if (signup) signup.profile = null;
  log.replaceChildren();
  logEmpty.hidden = false;
  laterStatus.textContent = '';
  showSession();
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
  async () => {
    mockStatus.textContent = 'Ready: the fake server is running.';
    byId('demo').inert = false;
    byId('failures').inert = false;
    const gallery = byId('gallery');
    await driveGallery(gallery);
    gallery.inert = false;
    gallery.dataset.ready = '';
  },
  (error: unknown) => {
    // Service workers need a secure context: localhost, not a LAN address.
    mockStatus.textContent =
      `The fake server could not start (${String(error)}). ` +
      'Open the demo on http://localhost.';
  },
);
