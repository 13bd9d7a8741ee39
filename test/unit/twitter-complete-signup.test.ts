import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import '../../src/define.js';
import type { TwitterCompleteSignup, TwitterProfile } from '../../src/index.js';
import { emit } from '../../src/events.js';
import { resetMsw, seen, startMsw, use } from '../msw.js';
import { sleep } from '../helpers.js';

const PROFILE = { nickname: 'bob_builds', name: 'Bob Builder', image: '' };

function answerSignup(answer: () => Response | Promise<Response>) {
  use(
    http.post('/users', async ({ request }) => {
      seen.push(request.clone());
      return answer();
    }),
  );
}

const $ = <T extends Element>(el: TwitterCompleteSignup, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector)!;
const input = (el: TwitterCompleteSignup, field: string) =>
  $<HTMLInputElement>(el, `#${field}`);
const submit = (el: TwitterCompleteSignup) =>
  $<HTMLButtonElement>(el, '[part~="submit"]').click();

async function openForm(profile: TwitterProfile = PROFILE, attributes = html``) {
  const el = await fixture<TwitterCompleteSignup>(
    html`<twitter-complete-signup>${attributes}</twitter-complete-signup>`,
  );
  el.profile = profile;
  await el.updateComplete;
  return el;
}

describe('<twitter-complete-signup>', () => {
  before(() => startMsw());
  afterEach(() => {
    resetMsw();
    document.querySelectorAll('meta[name="csrf-token"]').forEach((m) => m.remove());
  });

  it('should render nothing until there is a profile', async () => {
    const el = await fixture<TwitterCompleteSignup>(
      html`<twitter-complete-signup></twitter-complete-signup>`,
    );
    expect(el.state).to.equal('hidden');
    expect(el.shadowRoot!.querySelector('form')).to.equal(null);
    expect(el.action).to.equal('/users');
    await expect(el).to.be.accessible();
  });

  it('should open prefilled, with the email focused, on a pending event', async () => {
    const el = await fixture<TwitterCompleteSignup>(
      html`<twitter-complete-signup></twitter-complete-signup>`,
    );
    emit(document.body, { type: 'pending', detail: {
      profile: { ...PROFILE, email: 'bob@example.com' },
      omniauth: { info: PROFILE },
    } });
    await el.updateComplete;
    expect(el.state).to.equal('editing');
    expect(input(el, 'email').value).to.equal('bob@example.com');
    expect(input(el, 'name').value).to.equal('Bob Builder');
    expect(input(el, 'nickname').value).to.equal('bob_builds');
    expect(el.shadowRoot!.activeElement).to.equal(input(el, 'email'));
    expect(input(el, 'email').type).to.equal('email');
    expect(input(el, 'email').required).to.equal(true);
    // The attribute, not the property: Firefox 153's `autocomplete` getter
    // reads '' for tokens it does not autofill, such as `nickname`.
    const tokens = ['email', 'name', 'nickname'].map((f) => input(el, f).getAttribute('autocomplete'));
    expect(tokens).to.deep.equal([
      'email',
      'name',
      'nickname',
    ]);
    await expect(el).to.be.accessible();
  });

  it('should open only for the button named by its for attribute', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <twitter-connect id="a"></twitter-connect>
      <twitter-connect id="b"></twitter-connect>
      <twitter-complete-signup for="a"></twitter-complete-signup>
    </div>`);
    const form = root.querySelector('twitter-complete-signup')!;
    const [a, b] = root.querySelectorAll('twitter-connect');
    emit(b, { type: 'pending', detail: { profile: PROFILE, omniauth: { info: PROFILE } } });
    await form.updateComplete;
    expect(form.state).to.equal('hidden');
    emit(a, { type: 'pending', detail: { profile: PROFILE, omniauth: { info: PROFILE } } });
    await form.updateComplete;
    expect(form.state).to.equal('editing');
    expect(form.htmlFor).to.equal('a');
  });

  it('should submit through submit(), as the button does', async () => {
    answerSignup(() => HttpResponse.json({ user: { id: 3 } }, { status: 201 }));
    const el = await openForm({ ...PROFILE, email: 'bob@example.com' });
    const complete = oneEvent(el, 'signup-complete');
    el.submit();
    expect((await complete).detail.user).to.deep.equal({ id: 3 });
  });

  it('should give up after `timeout` seconds with a message and allow a retry', async () => {
    answerSignup(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const el = await openForm({ ...PROFILE, email: 'bob@example.com' });
    el.timeout = 0.3;
    const failed = oneEvent(el, 'signup-failed');
    el.submit();
    expect((await failed).detail).to.deep.equal({
      errors: ['The server did not answer in time. Please try again.'],
      status: undefined,
    });
    await el.updateComplete;
    expect(el.state).to.equal('editing');
  });

  it('should show profile values that contain markup as text', async () => {
    const el = await openForm({ name: '<img src=x onerror="window.__xss=1">', nickname: '<b>n</b>' });
    expect(input(el, 'name').value).to.equal('<img src=x onerror="window.__xss=1">');
    expect(el.shadowRoot!.querySelector('img, b')).to.equal(null);
    await sleep(50);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('should refuse a blank or malformed email without a request', async () => {
    const el = await openForm();
    submit(el);
    await el.updateComplete;
    expect(seen).to.have.length(0);
    expect(input(el, 'email').getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#email-error').textContent).to.equal('Enter your email address.');
    expect(input(el, 'email').getAttribute('aria-describedby')).to.include('email-error');
    await expect(el).to.be.accessible();
    input(el, 'email').value = 'not-an-email';
    submit(el);
    await el.updateComplete;
    expect($(el, '#email-error').textContent).to.include('valid email');
    expect(seen).to.have.length(0);
  });

  it('should post the JSON registration with the CSRF token from the page', async () => {
    const meta = Object.assign(document.createElement('meta'), { name: 'csrf-token', content: 'tok123' });
    document.head.append(meta);
    answerSignup(() => HttpResponse.json({ user: { id: 7, email: 'bob@example.com' } }, { status: 201 }));
    const el = await openForm();
    input(el, 'email').value = 'bob@example.com'; // As autofill does: no input event.
    const complete = oneEvent(el, 'signup-complete');
    submit(el);
    const event = await complete;
    expect(event.detail.user).to.deep.equal({ id: 7, email: 'bob@example.com' });
    expect(event.bubbles && event.composed).to.equal(true);
    expect(seen).to.have.length(1);
    const request = seen[0];
    expect(request.headers.get('Content-Type')).to.equal('application/json');
    expect(request.headers.get('Accept')).to.equal('application/json');
    expect(request.headers.get('X-CSRF-Token')).to.equal('tok123');
    expect(request.credentials).to.equal('same-origin');
    expect(await request.json()).to.deep.equal({
      user: { email: 'bob@example.com', name: 'Bob Builder', nickname: 'bob_builds' },
    });
    await el.updateComplete;
    expect(el.state).to.equal('done');
    await expect(el).to.be.accessible();
  });

  it('should move the focus to the result once signed up', async () => {
    answerSignup(() => HttpResponse.json({ user: { id: 7 } }, { status: 201 }));
    const el = await openForm({ ...PROFILE, email: 'bob@example.com' });
    input(el, 'email').focus();
    const complete = oneEvent(el, 'signup-complete');
    el.submit();
    await complete;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="done"]'));
    expect($(el, '[part="done"]').textContent).to.equal('You are signed up.');
  });

  it('should accept a 204 without a body as signed up', async () => {
    answerSignup(() => new HttpResponse(null, { status: 204 }));
    const el = await openForm({ ...PROFILE, email: 'bob@example.com' });
    const complete = oneEvent(el, 'signup-complete');
    el.submit();
    expect((await complete).detail).to.deep.equal({ user: null, response: null });
  });

  for (const [what, answer] of [
    ['a 200 HTML page', () => HttpResponse.html('<h1>Welcome</h1>')],
    ['a redirect to a login page', () => HttpResponse.redirect('/test/fixtures/consent.html', 302)],
  ] as const) {
    it(`should not call ${what} a registration`, async () => {
      answerSignup(answer);
      const el = await openForm({ ...PROFILE, email: 'bob@example.com' });
      const failed = oneEvent(el, 'signup-failed');
      el.submit();
      expect((await failed).detail.errors).to.deep.equal(['Sign-up failed. Please try again.']);
      await el.updateComplete;
      expect(el.state).to.equal('editing');
      expect(input(el, 'email').value).to.equal('bob@example.com');
    });
  }

  it('should prefer the csrf-token attribute over the meta tag', async () => {
    answerSignup(() => HttpResponse.json({ user: {} }, { status: 201 }));
    const el = await openForm();
    el.csrfToken = 'from-attribute';
    input(el, 'email').value = 'bob@example.com';
    const complete = oneEvent(el, 'signup-complete');
    submit(el);
    await complete;
    expect(seen[0].headers.get('X-CSRF-Token')).to.equal('from-attribute');
  });

  it('should send one request at a time', async () => {
    answerSignup(async () => {
      await delay(200);
      return HttpResponse.json({ user: {} }, { status: 201 });
    });
    const el = await openForm();
    input(el, 'email').value = 'bob@example.com';
    const complete = oneEvent(el, 'signup-complete');
    submit(el);
    await el.updateComplete;
    expect(el.state).to.equal('submitting');
    expect($(el, 'form').getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    submit(el);
    submit(el);
    await complete;
    expect(seen).to.have.length(1);
  });

  const errorCases: [string, unknown, string[], string | null][] = [
    ['an array of full messages', { errors: ["Email can't be blank", 'Nickname is too long'] }, ["Email can't be blank", 'Nickname is too long'], 'email'],
    ['a field hash', { errors: { email: ['is taken'], nickname: ['is reserved'] } }, ['Email is taken', 'Nickname is reserved'], 'email'],
    ['a field hash for the nickname only', { errors: { nickname: ['is reserved'] } }, ['Nickname is reserved'], 'nickname'],
    ['an {error} string', { error: 'Sign-ups are closed' }, ['Sign-ups are closed'], null],
    ["Rails' stale CSRF answer", { status: 422, error: 'Unprocessable Entity' }, ['Your session has expired. Reload the page and try again.'], null],
    ['a 422 with no message', { what: 1 }, ['Sign-up failed. Please try again.'], null],
    // A key that is not a field: the full message names the field.
    ['a base error naming a field', { errors: { base: ['Email is not allowed here'] } }, ['Email is not allowed here'], 'email'],
    ['a key that is not a field', { errors: { email_address: ['is invalid'] } }, ['Email address is invalid'], 'email'],
    ['a capitalised key', { errors: { Email: ['is bad'] } }, ['Email is bad'], 'email'],
  ];
  for (const [what, body, messages, invalidField] of errorCases) {
    it(`should show every message of a 422 with ${what}, keeping the input`, async () => {
      answerSignup(() => HttpResponse.json(body as object, { status: 422 }));
      const el = await openForm();
      input(el, 'email').value = 'taken@example.com';
      const failed = oneEvent(el, 'signup-failed');
      submit(el);
      expect((await failed).detail).to.deep.equal({ errors: messages, status: 422 });
      await el.updateComplete;
      const shown = [...el.shadowRoot!.querySelectorAll('[part~="errors"] li')].map((li) => li.textContent);
      expect(shown).to.deep.equal(messages);
      expect($(el, '[part~="errors"]').getAttribute('role')).to.equal('status');
      expect(input(el, 'email').value).to.equal('taken@example.com');
      expect(input(el, 'name').value).to.equal('Bob Builder');
      if (invalidField) {
        expect(input(el, invalidField).getAttribute('aria-invalid')).to.equal('true');
        expect(el.shadowRoot!.activeElement).to.equal(input(el, invalidField));
      }
      expect(el.state).to.equal('editing');
      await expect(el).to.be.accessible();
    });
  }

  const failures: [string, () => Response | Promise<Response>, string, number | undefined][] = [
    ['403 (a refused CSRF token)', () => new HttpResponse(null, { status: 403 }), 'Your session has expired. Reload the page and try again.', 403],
    ['500', () => HttpResponse.json({ error: 'boom' }, { status: 500 }), 'Sign-up failed. Please try again.', 500],
    ['a network error', () => HttpResponse.error(), 'Could not reach the server. Check your connection and try again.', undefined],
  ];
  for (const [what, answer, message, status] of failures) {
    it(`should show a clear message and allow a retry after ${what}`, async () => {
      answerSignup(answer);
      const el = await openForm();
      input(el, 'email').value = 'bob@example.com';
      const failed = oneEvent(el, 'signup-failed');
      submit(el);
      const detail = (await failed).detail;
      expect(detail.errors).to.deep.equal([message]);
      expect(detail.status).to.equal(status);
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.include(message);
      resetMsw();
      answerSignup(() => HttpResponse.json({ user: { id: 1 } }, { status: 201 }));
      const complete = oneEvent(el, 'signup-complete');
      submit(el);
      await complete;
      expect(seen).to.have.length(1);
    });
  }

  it('should remove the form request when the element is removed', async () => {
    answerSignup(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const el = await openForm();
    input(el, 'email').value = 'bob@example.com';
    let fired = 0;
    el.addEventListener('signup-failed', () => fired++);
    submit(el);
    await sleep(50);
    el.remove();
    await sleep(50);
    expect(fired).to.equal(0);
  });
});
