import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { TwitterCompleteSignup } from '../../src/index.js';
import { cookieValue, popup, sleep, waitFor } from '../helpers.js';
import { backendLog } from './backend.js';
import { useFlowHarness } from './harness.js';

/**
 * End-to-end flows against the reference backend: real popups, the
 * provider on another origin, the close page rendered by the "server".
 */
describe('sign-in flows against the reference backend', () => {
  const h = useFlowHarness();
  const { mount, start, expectCleanEnd } = h;

  it('should sign in an existing user', async () => {
    const el = await mount();
    await start(el);
    const authed = oneEvent(el, 'authed');
    await popup('click', { selector: '#authorize' });
    const event = await authed;
    expect(event.detail.user).to.deep.include({ email: 'alice@example.com', nickname: 'alice' });
    expect(event.detail.authentication).to.deep.equal({ provider: 'twitter', uid: '1001' });
    expect(event.detail.response.authed).to.equal(true);
    await expectCleanEnd(el, 'authed');
  });

  it('should sign up a new user through the prefilled form', async () => {
    const signup = await fixture<TwitterCompleteSignup>(
      html`<twitter-complete-signup></twitter-complete-signup>`,
    );
    const el = await mount();
    await start(el);
    const pending = oneEvent(el, 'pending');
    await popup('click', { selector: '#authorize-new' });
    const event = await pending;
    expect(event.detail.profile).to.deep.include({ nickname: 'bob_builds', name: 'Bob Builder' });
    // The sign-up form listens for `pending` on the document.
    await expectCleanEnd(el, 'pending', ['document:pending:1']);
    await signup.updateComplete;
    const input = (id: string) => signup.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
    expect(input('name').value).to.equal('Bob Builder');
    expect(input('nickname').value).to.equal('bob_builds');
    expect(signup.shadowRoot!.activeElement).to.equal(input('email'));

    // A taken email first: the server's message shows, the input stays.
    input('email').value = 'alice@example.com';
    const failed = oneEvent(signup, 'signup-failed');
    signup.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    expect((await failed).detail).to.deep.equal({
      errors: ['Email has already been taken'],
      status: 422,
    });
    await signup.updateComplete;
    expect(input('email').value).to.equal('alice@example.com');
    expect(input('email').getAttribute('aria-invalid')).to.equal('true');
    expect(signup.shadowRoot!.textContent).to.include('Email has already been taken');

    input('email').value = 'bob@example.com';
    const complete = oneEvent(signup, 'signup-complete');
    signup.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    expect((await complete).detail.user).to.deep.include({ email: 'bob@example.com', nickname: 'bob_builds' });
    const posts = await backendLog('/users');
    expect(posts.map((p) => [p.status, p.contentType, p.accept])).to.deep.equal([
      [422, 'application/json', 'application/json'],
      [201, 'application/json', 'application/json'],
    ]);
    expect(posts[1].csrfHeader).to.equal(
      document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content,
    );
    // The new account is signed in: the server's check now says so.
    const check = await (await fetch('/auth/check/twitter')).json();
    expect(check.user.email).to.equal('bob@example.com');
  });

  it('should end cancelled when the user closes the popup by hand', async () => {
    const el = await mount();
    await start(el);
    const cancelled = oneEvent(el, 'cancelled');
    await popup('close');
    await sleep(300);
    // The popup is gone but the focus has not come back yet: keep waiting.
    expect(el.state).to.equal('waiting');
    const back = performance.now();
    h.focus.focusOpener();
    expect((await cancelled).detail).to.deep.equal({ reason: 'closed' });
    expect(performance.now() - back).to.be.below(500);
    expect(await backendLog('/auth/check/twitter')).to.have.length(1);
    expect(cookieValue()).to.equal(null);
  });

  // Each way the provider sends the user back without signing in: the page
  // in the popup (the close page, or an app page) reports, then closes.
  const refusals: [string, string, string][] = [
    ['the user presses Cancel on the provider', '', '#cancel'],
    ['Cancel leads to a page with the script but no element', 'href=/auth/twitter?fault=script-only', '#cancel'],
    ['the user denies consent', '', '#deny'],
  ];
  for (const [what, attributes, selector] of refusals) {
    it(`should end cancelled when ${what}`, async () => {
      const el = await mount(attributes);
      await start(el);
      const cancelled = oneEvent(el, 'cancelled');
      await popup('click', { selector });
      expect((await cancelled).detail).to.deep.equal({ reason: 'closed' });
      await expectCleanEnd(el, 'cancelled');
    });
  }

  it('should complete once when COOP cuts the popup off on its first page', async () => {
    const el = await mount('href=/auth/twitter?fault=coop');
    await start(el);
    // Wait until COOP has severed the popup: `closed` then reads true.
    await sleep(600);
    expect(await popup('severed?')).to.equal(true);
    expect(el.state).to.equal('waiting');
    const authed = oneEvent(el, 'authed');
    await popup('click', { selector: '#authorize' });
    await authed;
    await expectCleanEnd(el, 'authed');
  });

  it('should complete once when COOP cuts the popup off seconds into the flow', async () => {
    const el = await mount('href=/auth/twitter?fault=coop-login');
    await start(el);
    await sleep(300);
    await popup('click', { selector: '#login' });
    await popup('url', { urlIncludes: '/provider/login' });
    await sleep(600);
    expect(await popup('severed?')).to.equal(true);
    expect(el.state).to.equal('waiting');
    const pending = oneEvent(el, 'pending');
    await popup('click', { selector: '#authorize-new' });
    await pending;
    await expectCleanEnd(el, 'pending');
  });

  it('should end cancelled on Cancel in a popup cut off by COOP', async () => {
    const el = await mount('href=/auth/twitter?fault=coop');
    await start(el);
    await sleep(600);
    const cancelled = oneEvent(el, 'cancelled');
    await popup('click', { selector: '#cancel' });
    await cancelled;
    await expectCleanEnd(el, 'cancelled');
  });

  it('should report a late sign-in after a glance back at a COOP-cut popup', async () => {
    const el = await mount('href=/auth/twitter?fault=coop');
    await start(el);
    await sleep(600);
    expect(await popup('severed?')).to.equal(true);
    // The user looks back at the page while the cut-off popup stays open.
    const cancelled = oneEvent(el, 'cancelled');
    h.focus.focusOpener();
    await cancelled;
    h.focus.focusPopup();
    const authed = oneEvent(el, 'authed');
    await popup('click', { selector: '#authorize' });
    await authed;
    expect(h.recorder.terminal().map((e) => e.type)).to.deep.equal(['cancelled', 'authed']);
    expect(el.state).to.equal('authed');
    expect(h.resources.live()).to.deep.equal({ intervals: 0, timeouts: 0, channels: 0, listeners: [] });
    expect(await backendLog('/auth/check/twitter')).to.have.length(2);
    await waitFor(async () => !(await popup('open?')), 'the popup to close');
  });

  it('should time out and close a popup whose server forgot the close page', async () => {
    // 3 s: Firefox's BiDi clicks take up to 0.7 s each, and the popup must
    // reach the plain page before the deadline closes it.
    const el = await mount('href=/auth/twitter?fault=no-close timeout=3');
    const cancelled = oneEvent(el, 'cancelled');
    await start(el);
    await popup('click', { selector: '#authorize' });
    await popup('url', { urlIncludes: '/app/plain' });
    expect((await cancelled).detail).to.deep.equal({ reason: 'timeout' });
    await el.updateComplete;
    expect(h.recorder.terminal()).to.have.length(1);
    expect(cookieValue()).to.equal(null);
    expect(h.resources.live()).to.deep.equal({ intervals: 0, timeouts: 0, channels: 0, listeners: [] });
    await waitFor(async () => !(await popup('open?')), 'the popup to close');
  });

  it('should finish after a bare window.close() close page', async () => {
    const el = await mount('href=/auth/twitter?fault=bare-close');
    await start(el);
    const authed = oneEvent(el, 'authed');
    await popup('click', { selector: '#authorize' });
    await authed;
    await expectCleanEnd(el, 'authed');
  });
});
