import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { TwitterCompleteSignup } from '../../src/index.js';
import { popup } from '../helpers.js';
import { backendLog } from './backend.js';
import { useFlowHarness } from './harness.js';

/** The elements in a right-to-left page against the reference backend. */
describe('a right-to-left page against the reference backend', () => {
  const h = useFlowHarness();

  it('should post a non-Latin name back as Twitter gave it', async () => {
    const root = await fixture<HTMLElement>(html`
      <div dir="rtl" lang="ar">
        <twitter-complete-signup></twitter-complete-signup>
      </div>
    `);
    const signup = root.querySelector<TwitterCompleteSignup>(
      'twitter-complete-signup',
    )!;
    const el = await h.mount();
    await h.start(el);
    const pending = oneEvent(el, 'pending');
    await popup('click', { selector: '#authorize-rtl' });
    const { profile } = (await pending).detail;
    expect(profile.name).to.equal('سلمى العربية');
    // The sign-up form listens for `pending` on the document.
    await h.expectCleanEnd(el, 'pending', ['document:pending:1']);
    await signup.updateComplete;
    const input = (id: string) =>
      signup.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
    expect(input('name').value).to.equal('سلمى العربية');

    input('email').value = 'salma@example.com';
    const complete = oneEvent(signup, 'signup-complete');
    signup.shadowRoot!.querySelector<HTMLElement>('[part~="submit"]')!.click();
    const { detail } = await complete;
    const [post] = await backendLog('/users');
    expect(post.contentType).to.equal('application/json');
    // The server parsed the UTF-8 body into the same characters.
    expect(post.body).to.deep.equal({
      user: {
        email: 'salma@example.com',
        name: 'سلمى العربية',
        nickname: 'salma',
      },
    });
    expect(detail.user).to.deep.include({ name: 'سلمى العربية' });
  });
});
