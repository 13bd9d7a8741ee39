import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import '../../src/define.js';
import { TwitterCompleteSignup, TwitterConnect, VERSION } from '../../src/index.js';
import { buttonOf, popup, waitFor, withWarnings } from '../helpers.js';
import { resetMsw, startMsw, use } from '../msw.js';

/** Every English default text of both elements. */
const ENGLISH = [
  ...Object.values(TwitterConnect.texts),
  ...Object.values(TwitterCompleteSignup.texts),
  'Sign in with Twitter',
  'Waiting for Twitter',
];

const FRENCH_SIGNUP = {
  'label-email': 'Courriel',
  'label-name': 'Nom',
  'label-nickname': 'Pseudo',
  'text-hint': 'Twitter ne donne pas votre courriel.',
  'text-submit': 'Créer le compte',
  'text-submitting': 'Création…',
  'text-done': 'Inscription faite.',
  'text-email-missing': 'Indiquez votre courriel.',
  'text-email-invalid': 'Courriel invalide.',
  'text-expired': 'Session expirée.',
  'text-generic': 'Échec.',
  'text-network': 'Serveur injoignable.',
  'text-timeout': 'Pas de réponse.',
};

/**
 * The text a person can get from the element: slotted content instead of
 * a slot's fallback, nothing under `hidden`.
 */
function renderedText(node: Node): string {
  if (node instanceof Text) return node.data;
  if (node instanceof Element && node.hasAttribute('hidden')) return '';
  if (node instanceof HTMLSlotElement) {
    const assigned = node.assignedNodes({ flatten: true });
    if (assigned.length) return assigned.map(renderedText).join('');
  }
  if (node instanceof Element && node.shadowRoot) return renderedText(node.shadowRoot);
  return [...node.childNodes].map(renderedText).join('');
}
const visibleText = (el: Element) => renderedText(el).replace(/\s+/g, ' ');
const isFirefox = navigator.userAgent.includes('Firefox');

describe('translation', () => {
  before(() => startMsw());
  afterEach(async () => {
    resetMsw();
    await popup('close-all');
  });

  it('should render <twitter-connect> with no English left', async () => {
    use(http.get('/auth/check/twitter', () => HttpResponse.json({ authed: false })));
    const el = await fixture<TwitterConnect>(html`
      <twitter-connect
        href="/test/fixtures/close-page.html"
        text-cancelled="Connexion annulée."
        text-authed="Connecté."
        text-pending="Presque fini."
        text-failed="Échec."
        text-blocked="Fenêtre bloquée."
      >
        Se connecter avec Twitter
        <span slot="waiting">En attente de Twitter…</span>
      </twitter-connect>
    `);
    const cancelled = oneEvent(el, 'cancelled');
    el.connect();
    await el.updateComplete;
    await cancelled;
    await el.updateComplete;
    const shown = visibleText(el);
    expect(shown).to.include('Connexion annulée.');
    for (const english of ENGLISH) expect(shown).not.to.include(english);
  });

  it('should render <twitter-complete-signup> with no English left', async () => {
    const el = await fixture<TwitterCompleteSignup>(
      html`<twitter-complete-signup></twitter-complete-signup>`,
    );
    for (const [name, value] of Object.entries(FRENCH_SIGNUP)) el.setAttribute(name, value);
    el.profile = { name: 'Zoé', nickname: 'zoe' };
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await el.updateComplete;
    const shown = visibleText(el);
    expect(shown).to.include('Indiquez votre courriel.').and.include('Courriel');
    for (const english of ENGLISH) expect(shown).not.to.include(english);
    expect(Object.keys(FRENCH_SIGNUP).sort()).to.deep.equal(
      Object.keys(TwitterCompleteSignup.texts).sort(),
    );
  });

  it('should keep the default for an empty text attribute', async () => {
    const el = await fixture<TwitterCompleteSignup>(
      html`<twitter-complete-signup label-name="" text-hint=""></twitter-complete-signup>`,
    );
    el.profile = { name: 'Zoé' };
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(root.querySelector('label[for="name"]')!.textContent).to.equal('Name');
    expect(root.querySelector('[part="hint"]')!.textContent).to.equal(
      TwitterCompleteSignup.texts['text-hint'],
    );
  });

  it('should re-render when a text attribute changes', async () => {
    const el = await fixture<TwitterCompleteSignup>(
      html`<twitter-complete-signup></twitter-complete-signup>`,
    );
    el.profile = { name: 'Zoé' };
    await el.updateComplete;
    el.setAttribute('label-email', 'E-Mail-Adresse');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('label[for="email"]')!.textContent).to.equal(
      'E-Mail-Adresse',
    );
  });
});

describe('accessibility', () => {
  afterEach(() => popup('close-all'));

  it('should name the button with the author\'s aria-label, leaving the host as it is', async () => {
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect aria-label="Log in with your Twitter account"></twitter-connect>`,
    );
    expect(buttonOf(el).getAttribute('aria-label')).to.equal('Log in with your Twitter account');
    expect(el.getAttribute('aria-label')).to.equal('Log in with your Twitter account');
    expect(el.hasAttribute('role')).to.equal(false);
    el.setAttribute('aria-label', 'Anmelden');
    await el.updateComplete;
    expect(buttonOf(el).getAttribute('aria-label')).to.equal('Anmelden');
  });

  it('should start a flow from the keyboard with Enter and with Space', async () => {
    for (const key of ['Enter', ' ']) {
      const el = await fixture<TwitterConnect>(
        html`<twitter-connect href="/test/fixtures/consent.html"></twitter-connect>`,
      );
      buttonOf(el).focus();
      await sendKeys({ press: key });
      // Space clicks on keyup, which Firefox over BiDi may deliver after
      // the command returns.
      await waitFor(() => el.state === 'waiting', `${JSON.stringify(key)} to start a flow`);
      el.cancel();
      el.remove();
    }
  });

  it('should stop the busy animation under prefers-reduced-motion', async function () {
    // WebDriver BiDi has no media emulation yet (Firefox 153): Chromium only.
    if (isFirefox) this.skip();
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect href="/test/fixtures/consent.html"></twitter-connect>`,
    );
    el.connect();
    await el.updateComplete;
    const icon = el.shadowRoot!.querySelector('[part="icon"]')!;
    expect(getComputedStyle(icon).animationName).to.equal('twitter-connect-pulse');
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      expect(getComputedStyle(icon).animationName).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
      el.cancel();
    }
  });
});

describe('registration', () => {
  it('should keep the first definition and warn once for another version', async () => {
    await withWarnings(async (warnings) => {
      // The same class again (Turbo re-running the script): silent.
      TwitterConnect.define();
      // Another copy of the package, of another version.
      class OtherCopy extends TwitterConnect {
        static override readonly version = '9.9.9';
      }
      OtherCopy.define();
      expect(customElements.get('twitter-connect')).to.equal(TwitterConnect);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include('<twitter-connect>').and.include(VERSION).and.include('9.9.9');
      // A copy of the same version: silent too.
      class SameVersion extends TwitterConnect {}
      SameVersion.define();
      expect(warnings).to.have.length(1);
    });
  });

  it('should define under another tag', () => {
    class MyButton extends TwitterConnect {}
    MyButton.define('my-twitter-button');
    expect(customElements.get('my-twitter-button')).to.equal(MyButton);
  });

  it('should define the already registered class under a second tag', async () => {
    // define.js has registered TwitterConnect as <twitter-connect>; one
    // constructor cannot take two tags, so define() registers a subclass.
    TwitterConnect.define('my-login');
    const el = await fixture<TwitterConnect>(html`<my-login></my-login>`);
    expect(el).to.be.instanceOf(TwitterConnect);
    expect(customElements.get('twitter-connect')).to.equal(TwitterConnect);
    expect(visibleText(buttonOf(el)).trim()).to.equal('Sign in with Twitter');
    expect(() => TwitterConnect.define('not a tag')).to.throw();
  });
});
