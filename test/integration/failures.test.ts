import { expect, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { FlowOutcome, TwitterCompleteSignup, TwitterConnect } from '../../src/index.js';
import { buttonOf, cookieValue, popup, sleep, waitFor, withWarnings } from '../helpers.js';
import { backendLog } from './backend.js';
import { useFlowHarness } from './harness.js';

const OMNIAUTH2 = 'href=/auth/twitter?fault=omniauth2';

/** An app page in an iframe, with `window.open` blocked as Safari does. */
async function frameWithBlockedPopups(): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.src = '/test/fixtures/blank-app.html';
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow as Window & typeof globalThis;
  await win.customElements.whenDefined('twitter-connect');
  win.open = () => null;
  return frame;
}

describe('popup failure modes against the reference backend', () => {
  const h = useFlowHarness();
  const { mount, start, expectCleanEnd } = h;

  const forms: TwitterCompleteSignup[] = [];
  afterEach(() => forms.splice(0).forEach((form) => form.remove()));

  /**
   * A sign-up form on the page (`configure` sets it up first), then a flow
   * in which the user authorises through the provider link `selector`, so
   * that it ends `pending` and the form opens.
   */
  async function formAfterPending(
    selector: string,
    configure: (form: TwitterCompleteSignup) => void = () => {},
  ): Promise<TwitterCompleteSignup> {
    const form = document.createElement('twitter-complete-signup');
    configure(form);
    document.body.append(form);
    forms.push(form);
    const el = await mount();
    await start(el);
    const pending = oneEvent(el, 'pending');
    await popup('click', { selector });
    await pending;
    await form.updateComplete;
    return form;
  }

  describe('with OmniAuth 2 (method="post")', () => {
    it('should POST the start request with the CSRF token into the popup', async () => {
      const el = await mount(`${OMNIAUTH2} method=post`);
      await start(el);
      const authed = oneEvent(el, 'authed');
      await popup('click', { selector: '#authorize' });
      await authed;
      const [startRequest] = await backendLog('/auth/twitter');
      const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content;
      expect(startRequest).to.deep.include({
        method: 'POST',
        contentType: 'application/x-www-form-urlencoded',
        body: { authenticity_token: token },
        status: 302,
      });
      expect(startRequest.popupCookie).to.match(/^[0-9a-f]{32}$/);
      expect(document.querySelector('form')).to.equal(null);
      await expectCleanEnd(el, 'authed');
    });

    it('should show the passthru 404 the seed gets with GET', async () => {
      const el = await mount(OMNIAUTH2);
      await realClickAndWait(el);
      const [startRequest] = await backendLog('/auth/twitter');
      expect(startRequest).to.deep.include({ method: 'GET', status: 404, body: null });
      el.cancel();
    });

    it('should sign up a new user in POST mode', async () => {
      const el = await mount(`${OMNIAUTH2} method=post`);
      await start(el);
      const pending = oneEvent(el, 'pending');
      await popup('click', { selector: '#authorize-new' });
      expect((await pending).detail.profile.nickname).to.equal('bob_builds');
      expect((await backendLog('/auth/twitter'))[0].method).to.equal('POST');
      await expectCleanEnd(el, 'pending');
    });

    it('should end cancelled when the user closes the popup in POST mode', async () => {
      const el = await mount(`${OMNIAUTH2} method=post`);
      await start(el);
      await popup('close');
      const cancelled = oneEvent(el, 'cancelled');
      h.focus.focusOpener();
      expect((await cancelled).detail.reason).to.equal('closed');
      expect((await backendLog('/auth/twitter'))[0].method).to.equal('POST');
    });

    it('should warn once and still run without a csrf-token meta tag', async () => {
      document.querySelectorAll('meta[name^="csrf-"]').forEach((meta) => meta.remove());
      await withWarnings(async (warnings) => {
        const el = await mount(`${OMNIAUTH2} method=post`);
        await realClickAndWait(el);
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.include('<twitter-connect>').and.include('<meta name="csrf-token">');
        // The server's answer decides: OmniAuth 2 refuses the request.
        const [startRequest] = await backendLog('/auth/twitter');
        expect(startRequest).to.deep.include({ method: 'POST', status: 422, body: {} });
        el.cancel();
      });
    });

    it('should submit the form to the same window when the popup is blocked', async () => {
      const frame = await frameWithBlockedPopups();
      const doc = frame.contentDocument!;
      const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content;
      doc.head.insertAdjacentHTML('beforeend', `<meta name="csrf-token" content="${token}">`);
      const el = doc.createElement('twitter-connect') as TwitterConnect;
      el.setAttribute('method', 'post');
      el.setAttribute('href', '/auth/twitter?fault=omniauth2');
      doc.body.append(el);
      const blocked = oneEvent(el, 'blocked');
      el.connect();
      expect((await blocked).detail.url).to.equal('/auth/twitter?fault=omniauth2');
      await waitFor(async () => (await backendLog('/auth/twitter')).length === 1, 'the start request');
      const [startRequest] = await backendLog('/auth/twitter');
      expect(startRequest).to.deep.include({ method: 'POST', body: { authenticity_token: token }, status: 302 });
      // No flow cookie: the server runs its ordinary same-window flow.
      expect(startRequest.popupCookie).to.equal(null);
      frame.remove();
    });
  });

  it('should continue a blocked GET flow in the same window', async () => {
    const frame = await frameWithBlockedPopups();
    const el = frame.contentDocument!.createElement('twitter-connect') as TwitterConnect;
    frame.contentDocument!.body.append(el);
    const outcome = await el.connect();
    expect(outcome).to.deep.equal({ type: 'blocked', detail: { url: '/auth/twitter' } });
    await waitFor(async () => (await backendLog('/auth/twitter')).length === 1, 'the start request');
    expect((await backendLog('/auth/twitter'))[0]).to.deep.include({ method: 'GET', popupCookie: null });
    frame.remove();
  });

  describe('when the check endpoint misbehaves', () => {
    const cases: [string, object][] = [
      ['500', { reason: 'http', status: 500 }],
      ['401', { reason: 'http', status: 401 }],
      ['html', { reason: 'invalid-response', status: 200 }],
      ['bad-json', { reason: 'invalid-response', status: 200 }],
      ['shape', { reason: 'invalid-response', status: 200 }],
      ['hang', { reason: 'timeout' }],
    ];
    for (const [fault, detail] of cases) {
      it(`should fail with ${JSON.stringify(detail)} on a "${fault}" answer`, async () => {
        const el = await mount(`check-url=/auth/check/twitter?fault=${fault} check-timeout=0.5`);
        await start(el);
        const failed = oneEvent(el, 'failed');
        await popup('click', { selector: '#authorize' });
        expect((await failed).detail).to.deep.equal(detail);
        await expectCleanEnd(el, 'failed');
        // The button works again: a new flow starts.
        const next = el.connect();
        expect(el.state).to.equal('waiting');
        el.cancel();
        expect((await next).type).to.equal('cancelled');
      });
    }
  });

  it('should show the expired-session message for a stale CSRF token on sign-up', async () => {
    const signup = await formAfterPending('#authorize-new', (form) =>
      form.setAttribute('csrf-token', 'stale-token'),
    );
    signup.shadowRoot!.querySelector<HTMLInputElement>('#email')!.value = 'new@example.com';
    const failed = oneEvent(signup, 'signup-failed');
    signup.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    expect((await failed).detail).to.deep.equal({
      errors: ['Your session has expired. Reload the page and try again.'],
      status: 422,
    });
    expect(signup.shadowRoot!.querySelector<HTMLInputElement>('#email')!.value).to.equal('new@example.com');
  });

  describe('when the sign-up endpoint misbehaves', () => {
    const cases: [string, string[], number | undefined][] = [
      ['403', ['Your session has expired. Reload the page and try again.'], 403],
      ['500', ['Sign-up failed. Please try again.'], 500],
      ['login', ['Sign-up failed. Please try again.'], 200],
      ['hash', ['Email is invalid', 'Nickname <b>is taken</b>'], 422],
      ['hang', ['The server did not answer in time. Please try again.'], undefined],
    ];
    for (const [fault, errors, status] of cases) {
      it(`should keep the input and allow a retry after a "${fault}" answer`, async () => {
        const signup = await formAfterPending('#authorize-new', (form) => {
          form.setAttribute('action', `/users?fault=${fault}`);
          form.timeout = 0.5;
        });
        const email = signup.shadowRoot!.querySelector<HTMLInputElement>('#email')!;
        email.value = 'new@example.com';
        const failed = oneEvent(signup, 'signup-failed');
        signup.submit();
        signup.submit(); // One request at a time.
        expect((await failed).detail).to.deep.equal({ errors, status });
        await signup.updateComplete;
        expect(email.value).to.equal('new@example.com');
        // Markup in a server message is text.
        expect(signup.shadowRoot!.querySelector('[part~="errors"] b')).to.equal(null);
        expect((await backendLog('/users')).length).to.equal(1);
        // A retry against the working endpoint registers the user.
        signup.setAttribute('action', '/users');
        const complete = oneEvent(signup, 'signup-complete');
        signup.submit();
        expect((await complete).detail.user).to.deep.include({ email: 'new@example.com' });
      });
    }
  });

  it('should ignore forged messages: another flow, another origin', async () => {
    const el = await mount();
    await start(el);
    const flowId = cookieValue()!;
    const channel = new BroadcastChannel('twitter-connect');
    channel.postMessage({ twitterConnect: 'done', flow: 'another-flow' });
    channel.close();
    window.postMessage({ twitterConnect: 'done', flow: 'another-flow' }, location.origin);
    // The right id, but from another origin: only a page of ours may say it.
    window.dispatchEvent(
      new MessageEvent('message', {
        data: { twitterConnect: 'done', flow: flowId },
        origin: 'http://127.0.0.1:1',
      }),
    );
    await sleep(400);
    expect(el.state).to.equal('waiting');
    expect(h.recorder.events).to.have.length(0);
    expect(await backendLog('/auth/check/twitter')).to.have.length(0);
    const authed = oneEvent(el, 'authed');
    await popup('click', { selector: '#authorize' });
    await authed;
    await expectCleanEnd(el, 'authed');
  });

  it('should show a profile with markup as text in the sign-up form', async () => {
    const signup = await formAfterPending('#authorize-markup');
    const name = signup.shadowRoot!.querySelector<HTMLInputElement>('#name')!;
    expect(name.value).to.equal('<img src=x onerror="window.__xss=1">');
    expect(signup.shadowRoot!.querySelector('img')).to.equal(null);
    await sleep(100);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('should stop silently when the page navigates away mid-flow', async () => {
    const el = await mount();
    const outcome = el.connect();
    await popup('url', { urlIncludes: '/provider/' });
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(await outcome).to.deep.equal({ type: 'cancelled', detail: { reason: 'aborted' } });
    expect(h.recorder.events).to.have.length(0);
    expect(cookieValue()).to.equal(null);
    expect(h.resources.live()).to.deep.equal({ intervals: 0, timeouts: 0, channels: 0, listeners: [] });
    await waitFor(async () => !(await popup('open?')), 'the popup to close');
    expect(await backendLog('/auth/check/twitter')).to.have.length(0);
  });

  it('should leave the flow alone when the user opens an ordinary tab of the app', async () => {
    const el = await mount();
    await start(el);
    // A tab the user opens: no opener, so no copy of sessionStorage.
    const tab = window.open('/test/fixtures/app-page.html', '_blank', 'noopener');
    expect(tab).to.equal(null);
    await sleep(800);
    expect(el.state).to.equal('waiting');
    expect(await backendLog('/auth/check/twitter')).to.have.length(0);
    const authed = oneEvent(el, 'authed');
    await popup('click', { selector: '#authorize', urlIncludes: '/provider/' });
    await authed;
    expect(h.recorder.terminal().map((e) => e.type)).to.deep.equal(['authed']);
  });

  it('should give each of two tabs running a flow only its own outcome', async () => {
    const el = await mount();
    await start(el);
    // A second tab of the app runs its own, quicker flow meanwhile. (A tab
    // this page opened with window.open would share its popup names.)
    const otherOutcome = await executeServerCommand<FlowOutcome, object>('tab-flow', {
      url: '/test/fixtures/app-page.html',
      href: '/test/fixtures/close-page.html',
    });
    expect(otherOutcome.type).to.equal('cancelled'); // This session is not signed in.
    await sleep(300);
    expect(el.state).to.equal('waiting');
    expect(h.recorder.events).to.have.length(0);
    const authed = oneEvent(el, 'authed');
    await popup('click', { selector: '#authorize', urlIncludes: '/provider/' });
    await authed;
    expect(h.recorder.terminal().map((e) => e.type)).to.deep.equal(['authed']);
    expect(await backendLog('/auth/check/twitter')).to.have.length(2);
  });

  it('should keep a second click to the one popup, focusing it', async () => {
    const el = await mount();
    await start(el);
    const first = el.connect();
    buttonOf(el).click();
    buttonOf(el).click();
    expect(await popup('count')).to.equal(1);
    expect(el.connect()).to.equal(first);
    el.cancel();
    await first;
    expect(h.recorder.terminal()).to.have.length(1);
  });

  async function realClickAndWait(el: TwitterConnect) {
    const { realClick } = await import('../helpers.js');
    await realClick(buttonOf(el));
    await popup('url', { urlIncludes: '/auth/twitter' });
  }
});
