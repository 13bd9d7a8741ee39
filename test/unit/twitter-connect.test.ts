import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { HttpResponse, delay } from 'msw';
import '../../src/define.js';
import type { TwitterConnect } from '../../src/index.js';
import { CHANNEL_NAME } from '../../src/flow-protocol.js';
import {
  buttonOf,
  cookieValue,
  popup,
  realClick,
  recordEvents,
  sleep,
  trackResources,
  waitFor,
  withWarnings,
} from '../helpers.js';
import {
  AUTHED,
  answerGet,
  CLOSE_PAGE,
  resetMsw,
  seen,
  startMsw,
  WAITING_PAGE,
} from '../msw.js';

const NEW_USER = {
  authed: true,
  omniauth: { provider: 'twitter', uid: '2002', info: { nickname: 'bob', name: 'Bob' } },
};

/** Answers the check endpoint with `answer`, recording each request. */
const checkAnswers = (answer: () => Response | Promise<Response>) =>
  answerGet('/auth/check/twitter', answer);

describe('<twitter-connect>', () => {
  let resources: ReturnType<typeof trackResources>;
  let recorder: ReturnType<typeof recordEvents>;

  before(() => startMsw());
  beforeEach(() => {
    recorder = recordEvents();
    resources = trackResources();
  });
  afterEach(async () => {
    resources.restore();
    recorder.stop();
    resetMsw();
    await popup('close-all');
    document.cookie = 'twitter_oauth_popup=; path=/; max-age=0';
  });

  /** What every finished flow must leave behind: nothing. */
  function expectCleanEnd(el: TwitterConnect) {
    expect(recorder.terminal().map((e) => e.type)).to.deep.equal([el.state]);
    expect(buttonOf(el).disabled).to.equal(false);
    expect(buttonOf(el).getAttribute('aria-busy')).to.equal('false');
    expect(cookieValue()).to.equal(null);
    expect(resources.live()).to.deep.equal({
      intervals: 0,
      timeouts: 0,
      channels: 0,
      listeners: [],
    });
  }

  it('should pass an axe audit when idle', async () => {
    const el = await fixture<TwitterConnect>(html`<twitter-connect></twitter-connect>`);
    await expect(el).to.be.accessible();
  });

  it('should have the contract defaults', async () => {
    const el = await fixture<TwitterConnect>(html`<twitter-connect></twitter-connect>`);
    expect(el.provider).to.equal('twitter');
    expect(el.method).to.equal('get');
    expect(el.popupWidth).to.equal(800);
    expect(el.popupHeight).to.equal(600);
    expect(el.timeout).to.equal(300);
    expect(el.state).to.equal('idle');
    expect(el.getAttribute('state')).to.equal('idle');
    expect(buttonOf(el).type).to.equal('button');
    expect(buttonOf(el).textContent!.trim()).to.include('Sign in with Twitter');
    expect(resources.live().intervals).to.equal(0);
  });

  it('should open the popup inside the click, at the default URL, with the cookie', async () => {
    checkAnswers(() => HttpResponse.json({ authed: false }));
    const el = await fixture<TwitterConnect>(html`<twitter-connect></twitter-connect>`);
    await realClick(buttonOf(el));
    expect(el.state).to.equal('waiting');
    expect(cookieValue()).to.match(/^[0-9a-f]{32}$/);
    // The reference backend's /auth/twitter sent it on to the provider.
    expect(await popup<string>('url', { urlIncludes: '/provider/' })).to.include(
      '/provider/authenticate?oauth_token=',
    );
    await el.updateComplete;
    expect(buttonOf(el).getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    el.cancel();
  });

  it('should scope the flow cookie to the flow: site-wide, short, Lax', async () => {
    // What the element writes, as the browser receives it.
    const writes: string[] = [];
    const native = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      get: () => native.get!.call(document),
      set: (value: string) => {
        writes.push(value);
        native.set!.call(document, value);
      },
    });
    try {
      checkAnswers(() => HttpResponse.json(AUTHED));
      const el = await fixture<TwitterConnect>(
        html`<twitter-connect href=${CLOSE_PAGE}></twitter-connect>`,
      );
      await el.connect();
      const [set, ...rest] = writes;
      expect(set).to.match(
        // It lasts the flow's `timeout` (300 s by default).
        /^twitter_oauth_popup=[0-9a-f]{32}; path=\/; max-age=300; samesite=lax$/,
      );
      // Deleted at the end, not emptied (Ruby reads "" as set).
      expect(rest).to.deep.equal([
        'twitter_oauth_popup=; path=/; max-age=0; samesite=lax',
      ]);
    } finally {
      delete (document as { cookie?: string }).cookie;
    }
  });

  it('should fire authed with the whole answer as soon as the close page reports', async () => {
    checkAnswers(() => HttpResponse.json(AUTHED));
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect href=${CLOSE_PAGE}></twitter-connect>`,
    );
    const authed = oneEvent(el, 'authed');
    await realClick(buttonOf(el));
    const event = await authed;
    expect(event.detail).to.deep.equal({
      authentication: AUTHED.authentication,
      user: AUTHED.user,
      response: AUTHED,
    });
    expect(event.bubbles && event.composed && !event.cancelable).to.equal(true);
    expect(el.state).to.equal('authed');
    expect(seen).to.have.length(1);
    expect(seen[0].headers.get('Accept')).to.equal('application/json');
    expect(seen[0].cache).to.equal('no-store');
    expect(seen[0].credentials).to.equal('same-origin');
    await waitFor(async () => !(await popup('open?')), 'the popup to close');
    await el.updateComplete;
    expectCleanEnd(el);
  });

  it('should fire pending with the profile for a new user', async () => {
    checkAnswers(() => HttpResponse.json(NEW_USER));
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect href=${CLOSE_PAGE}></twitter-connect>`,
    );
    const pending = oneEvent(el, 'pending');
    const outcome = el.connect();
    const event = await pending;
    expect(event.detail).to.deep.equal({ profile: NEW_USER.omniauth.info, omniauth: NEW_USER.omniauth });
    expect(await outcome).to.deep.equal({ type: 'pending', detail: event.detail });
    expectCleanEnd(el);
  });

  it('should finish after the seed\'s bare window.close() close page', async () => {
    checkAnswers(() => HttpResponse.json(AUTHED));
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect href="/test/fixtures/bare-close.html"></twitter-connect>`,
    );
    const authed = oneEvent(el, 'authed');
    await realClick(buttonOf(el));
    await authed;
    expect(seen).to.have.length(1);
    expectCleanEnd(el);
  });

  it('should fire cancelled/closed soon after the user closes the popup', async () => {
    checkAnswers(() => HttpResponse.json({ authed: false }));
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect href=${WAITING_PAGE}></twitter-connect>`,
    );
    await realClick(buttonOf(el));
    await popup('url', { urlIncludes: 'consent.html' });
    const cancelled = oneEvent(el, 'cancelled');
    const closedAt = performance.now();
    await popup('close');
    const event = await cancelled;
    // One poll interval plus one check round trip; the seed polled at 1 s.
    expect(performance.now() - closedAt).to.be.below(1000);
    expect(event.detail).to.deep.equal({ reason: 'closed' });
    expect(seen).to.have.length(1);
    expect(el.state).to.equal('cancelled');
    // After a focus-inferred cancel, one channel and the listeners stay
    // for a late report (see README, "late sign-in"), no timer, no cookie.
    expect(resources.live().intervals).to.equal(0);
    expect(resources.live().timeouts).to.equal(0);
    expect(resources.live().channels).to.equal(1);
    expect(cookieValue()).to.equal(null);
    // cancel() ends that wait too.
    el.cancel();
    expect(resources.live()).to.deep.equal({ intervals: 0, timeouts: 0, channels: 0, listeners: [] });
    expect(recorder.terminal()).to.have.length(1);
    el.remove();
    // The removal's teardown waits one task (see disconnectedCallback).
    await waitFor(() => resources.live().timeouts === 0, 'the teardown to run');
    expect(resources.live()).to.deep.equal({ intervals: 0, timeouts: 0, channels: 0, listeners: [] });
  });

  it('should end cancelled/aborted and close the popup on cancel()', async () => {
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect href=${WAITING_PAGE}></twitter-connect>`,
    );
    const outcome = el.connect();
    await popup('url', { urlIncludes: 'consent.html' });
    el.cancel();
    expect(await outcome).to.deep.equal({ type: 'cancelled', detail: { reason: 'aborted' } });
    expect(recorder.terminal().map((e) => e.type)).to.deep.equal(['cancelled']);
    await waitFor(async () => !(await popup('open?')), 'the popup to close');
    expect(seen).to.have.length(0);
    expectCleanEnd(el);
  });

  it('should end cancelled/timeout and close the popup after `timeout` seconds', async () => {
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect href=${WAITING_PAGE} timeout="0.5"></twitter-connect>`,
    );
    const started = performance.now();
    const outcome = await el.connect();
    expect(outcome).to.deep.equal({ type: 'cancelled', detail: { reason: 'timeout' } });
    expect(performance.now() - started).to.be.within(450, 1500);
    await waitFor(async () => !(await popup('open?')), 'the popup to close');
    expectCleanEnd(el);
  });

  it('should open one popup and run one flow for a triple click', async () => {
    checkAnswers(() => HttpResponse.json(AUTHED));
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect href=${WAITING_PAGE}></twitter-connect>`,
    );
    await realClick(buttonOf(el));
    await realClick(buttonOf(el));
    await realClick(buttonOf(el));
    const first = el.connect();
    expect(el.connect()).to.equal(first);
    await popup('url', { urlIncludes: 'consent.html' });
    expect(await popup('count')).to.equal(1);
    el.cancel();
    await first;
    expect(recorder.terminal()).to.have.length(1);
  });

  it('should share one popup between two buttons: the second focuses the first flow', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <twitter-connect id="header" href=${WAITING_PAGE}></twitter-connect>
      <twitter-connect id="body" href=${CLOSE_PAGE}></twitter-connect>
    </div>`);
    const [first, second] = root.querySelectorAll('twitter-connect');
    const outcome = first.connect();
    await popup('url', { urlIncludes: 'consent.html' });
    expect(second.connect()).to.equal(outcome);
    await realClick(buttonOf(second));
    expect(await popup('count')).to.equal(1);
    expect(await popup<string>('url')).to.include('consent.html');
    expect(second.state).to.equal('idle');
    first.cancel();
    await outcome;
    expect(recorder.terminal().map((e) => [e.type, (e.target as Element).id])).to.deep.equal([
      ['cancelled', 'header'],
    ]);
  });

  describe('when the check request goes wrong', () => {
    const cases: [string, () => Response | Promise<Response>, object][] = [
      ['the network fails', () => HttpResponse.error(), { reason: 'network' }],
      ['the server answers 500', () => HttpResponse.json({}, { status: 500 }), { reason: 'http', status: 500 }],
      ['the server answers 401', () => HttpResponse.json({}, { status: 401 }), { reason: 'http', status: 401 }],
      ['the answer is an HTML page', () => HttpResponse.html('<form>Log in</form>'), { reason: 'invalid-response', status: 200 }],
      ['the JSON is truncated', () => HttpResponse.text('{"authed": tr'), { reason: 'invalid-response', status: 200 }],
      ['the JSON has another shape', () => HttpResponse.json({ ok: true }), { reason: 'invalid-response', status: 200 }],
      ['authed carries no user', () => HttpResponse.json({ authed: true }), { reason: 'invalid-response', status: 200 }],
    ];
    for (const [what, answer, detail] of cases) {
      it(`should fire failed when ${what}`, async () => {
        checkAnswers(answer);
        const el = await fixture<TwitterConnect>(
          html`<twitter-connect href=${CLOSE_PAGE}></twitter-connect>`,
        );
        const failed = oneEvent(el, 'failed');
        el.connect();
        expect((await failed).detail).to.deep.equal(detail);
        expect(el.state).to.equal('failed');
        await el.updateComplete;
        expectCleanEnd(el);
        await expect(el).to.be.accessible();
      });
    }

    it('should take a check-timeout beyond what setTimeout holds (2^31 ms) as no limit', async () => {
      checkAnswers(async () => {
        await delay(200);
        return HttpResponse.json(AUTHED);
      });
      const el = await fixture<TwitterConnect>(
        html`<twitter-connect href=${CLOSE_PAGE} check-timeout="3000000"></twitter-connect>`,
      );
      expect((await el.connect()).type).to.equal('authed');
    });

    it('should fire failed/timeout when the check never answers', async () => {
      checkAnswers(async () => {
        await delay('infinite');
        return HttpResponse.json({});
      });
      const el = await fixture<TwitterConnect>(
        html`<twitter-connect href=${CLOSE_PAGE} check-timeout="0.3"></twitter-connect>`,
      );
      const outcome = await el.connect();
      expect(outcome).to.deep.equal({ type: 'failed', detail: { reason: 'timeout' } });
      expectCleanEnd(el);
    });
  });

  it('should fire blocked, cancelable, when window.open returns null', async () => {
    const open = window.open;
    window.open = () => null;
    try {
      const el = await fixture<TwitterConnect>(html`<twitter-connect></twitter-connect>`);
      el.addEventListener('blocked', (event) => event.preventDefault());
      const blocked = oneEvent(el, 'blocked');
      const outcome = el.connect();
      const event = await blocked;
      expect(event.cancelable).to.equal(true);
      expect(event.detail).to.deep.equal({ url: '/auth/twitter' });
      expect(await outcome).to.deep.equal({ type: 'blocked', detail: { url: '/auth/twitter' } });
      expect(el.state).to.equal('blocked');
      expect(location.pathname).to.not.equal('/auth/twitter');
      expectCleanEnd(el);
    } finally {
      window.open = open;
    }
  });

  it('should stop everything, silently, when removed mid-flow', async () => {
    checkAnswers(() => HttpResponse.json(AUTHED));
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect href=${WAITING_PAGE}></twitter-connect>`,
    );
    const outcome = el.connect();
    await popup('url', { urlIncludes: 'consent.html' });
    el.remove();
    expect(await outcome).to.deep.equal({ type: 'cancelled', detail: { reason: 'aborted' } });
    await waitFor(async () => !(await popup('open?')), 'the popup to close');
    expect(recorder.events).to.have.length(0);
    expect(seen).to.have.length(0);
    expect(cookieValue()).to.equal(null);
    expect(resources.live()).to.deep.equal({ intervals: 0, timeouts: 0, channels: 0, listeners: [] });
  });

  it('should keep its flow when moved in the DOM', async () => {
    checkAnswers(() => HttpResponse.json(AUTHED));
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect href=${WAITING_PAGE}></twitter-connect>`,
    );
    const outcome = el.connect();
    document.body.append(el); // Moves it: disconnect, then connect.
    await sleep(10);
    await popup('url', { urlIncludes: 'consent.html' });
    expect(el.state).to.equal('waiting');
    expect(resources.live().intervals).to.equal(1);
    el.cancel();
    await outcome;
    el.remove();
    expect(recorder.terminal()).to.have.length(1);
  });

  it('should ignore messages for another flow or from another origin', async () => {
    checkAnswers(() => HttpResponse.json(AUTHED));
    const el = await fixture<TwitterConnect>(
      html`<twitter-connect href=${WAITING_PAGE}></twitter-connect>`,
    );
    el.connect();
    await popup('url', { urlIncludes: 'consent.html' });
    const forged = { twitterConnect: 'done', flow: 'not-this-flow' };
    const channel = new BroadcastChannel(CHANNEL_NAME);
    channel.postMessage(forged);
    channel.close();
    window.postMessage(forged, location.origin);
    window.dispatchEvent(
      new MessageEvent('message', { data: { twitterConnect: 'done', flow: cookieValue() }, origin: 'http://evil.example' }),
    );
    await sleep(300);
    expect(seen).to.have.length(0);
    expect(recorder.events).to.have.length(0);
    expect(el.state).to.equal('waiting');
    el.cancel();
  });

  it('should refuse a URL that is not http(s), warning as soon as it is set', async () => {
    await withWarnings(async (warnings) => {
      const el = await fixture<TwitterConnect>(
        html`<twitter-connect id="header" href="javascript:alert(1)" cookie-name="a;b=c"></twitter-connect>`,
      );
      // Before any click: the page author sees it while building the page.
      expect(warnings).to.deep.equal([
        '<twitter-connect id="header">: href="javascript:alert(1)" is not an http(s) URL; using /auth/twitter.',
        '<twitter-connect id="header">: cookie-name="a;b=c" is not a cookie name this page can set; using twitter_oauth_popup.',
      ]);
      el.connect();
      expect(cookieValue('twitter_oauth_popup')).to.match(/^[0-9a-f]{32}$/);
      expect(await popup<string>('url', { urlIncludes: '/provider/' })).to.include('/provider/authenticate');
      el.cancel();
      expect(warnings).to.have.length(2);
    });
  });

  it('should warn once and use the default for a bad attribute', async () => {
    await withWarnings(async (warnings) => {
      const el = await fixture<TwitterConnect>(
        html`<twitter-connect href=${WAITING_PAGE} popup-width="wide" method="put"></twitter-connect>`,
      );
      el.connect();
      el.cancel();
      el.connect();
      el.cancel();
      expect(warnings).to.deep.equal([
        '<twitter-connect>: method="put" is not get or post; using get.',
        '<twitter-connect>: popup-width="wide" is not a positive number; using 800.',
      ]);
    });
  });

  it('should quote a number attribute as written, and take a blank href as unset', async () => {
    await withWarnings(async (warnings) => {
      const el = await fixture<TwitterConnect>(
        html`<twitter-connect href="   " popup-height="" timeout="1e400"></twitter-connect>`,
      );
      expect(warnings).to.deep.equal([
        '<twitter-connect>: popup-height="" is not a positive number; using 600.',
        '<twitter-connect>: timeout="1e400" is not a positive number; using 300.',
      ]);
      el.connect();
      expect(await popup<string>('url', { urlIncludes: '/provider/' })).to.include('/provider/authenticate');
      el.cancel();
    });
  });

  it('should take a removed attribute as its default, silently', async () => {
    await withWarnings(async (warnings) => {
      const el = await fixture<TwitterConnect>(
        html`<twitter-connect provider="twitter" href="/elsewhere" check-url="/check" method="post" timeout="30"></twitter-connect>`,
      );
      for (const name of ['provider', 'href', 'check-url', 'method', 'timeout']) el.removeAttribute(name);
      await el.updateComplete;
      el.connect();
      expect(await popup<string>('url', { urlIncludes: '/provider/' })).to.include('/provider/authenticate');
      el.cancel();
      expect(warnings).to.deep.equal([]);
      // A bad value set as a property is quoted as such, not as the attribute.
      el.setAttribute('timeout', '30');
      el.timeout = -5;
      await el.updateComplete;
      expect(warnings).to.deep.equal([
        '<twitter-connect>: timeout="-5" is not a positive number; using 300.',
      ]);
    });
  });

  it('should refuse a __Host- cookie name on http, and warn when the browser drops the cookie', async () => {
    await withWarnings(async (warnings) => {
      const el = await fixture<TwitterConnect>(
        html`<twitter-connect href=${WAITING_PAGE} cookie-name="__Host-popup"></twitter-connect>`,
      );
      expect(warnings).to.deep.equal([
        '<twitter-connect>: cookie-name="__Host-popup" is not a cookie name this page can set; using twitter_oauth_popup.',
      ]);
      el.connect();
      expect(cookieValue()).to.match(/^[0-9a-f]{32}$/);
      el.cancel();
      expect(warnings).to.have.length(1);
      // Cookies blocked: writes vanish, reads find nothing.
      Object.defineProperty(document, 'cookie', { configurable: true, get: () => '', set: () => {} });
      try {
        el.connect();
        el.cancel();
      } finally {
        delete (document as { cookie?: string }).cookie;
      }
      expect(warnings).to.have.length(2);
      expect(warnings[1]).to.include('did not keep the cookie twitter_oauth_popup');
    });
  });

  it('should show the default label when only whitespace is slotted', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <twitter-connect id="spaced">
      </twitter-connect>
      <twitter-connect id="labelled"> <b>Log in</b> </twitter-connect>
    </div>`);
    const [spaced, labelled] = root.querySelectorAll('twitter-connect');
    await spaced.updateComplete;
    await labelled.updateComplete;
    // What shows: a slot's assigned nodes if it has any, else its fallback.
    const shown = (node: Node): string => {
      if (node instanceof Text) return node.data;
      const assigned = node instanceof HTMLSlotElement ? node.assignedNodes() : [];
      return (assigned.length ? assigned : [...node.childNodes]).map(shown).join('');
    };
    const name = (el: TwitterConnect) =>
      shown(el.shadowRoot!.querySelector('[part="label"]')!).replace(/\s+/g, ' ').trim();
    expect(name(spaced)).to.equal('Sign in with Twitter');
    expect(name(labelled)).to.equal('Log in');
    await expect(spaced).to.be.accessible();
    // A label added later replaces the default one.
    spaced.append('Continue with Twitter');
    await waitFor(() => name(spaced) === 'Continue with Twitter', 'the new label');
    // A framework filling in a slotted text in place (no slotchange).
    const text = new Text('');
    labelled.replaceChildren(text);
    await waitFor(() => name(labelled) === 'Sign in with Twitter', 'the default label');
    text.data = 'Se connecter';
    await waitFor(() => name(labelled) === 'Se connecter', 'the text filled in');
  });
});
