/**
 * The "every state" gallery: real instances of both elements, each put
 * into one state through their public API. The sign-up forms get a
 * profile and are submitted against fixed fake answers as the page loads.
 * Every button but `idle` needs a popup, which a browser opens only from a
 * click (without one, `connect()` at load ends `blocked`), so those wait
 * for a press and say so.
 */
import type { TwitterCompleteSignup } from '../src/twitter-complete-signup.js';
import type { TwitterConnect } from '../src/twitter-connect.js';
import { ELEMENT_EVENTS } from './event-names.js';
import { NEW_PROFILE } from './fake-session.js';
import { connectWithoutGesture } from './without-gesture.js';

function find<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`demo: ${selector} is missing`);
  return element;
}

/**
 * Shows each button's `state` under it, as it changes. A button that needs
 * a press (`data-shows`) says so until it has left `idle`: a page cannot
 * open a popup without a user gesture, so it cannot get there by itself.
 */
function showStates(gallery: HTMLElement): void {
  for (const button of gallery.querySelectorAll('twitter-connect')) {
    const readout = document.createElement('p');
    readout.className = 'state';
    const value = document.createElement('code');
    readout.append('state: ', value);
    const shows = button.dataset.shows;
    const hint = document.createElement('strong');
    hint.className = 'hint';
    hint.textContent = ` – press to show this state (${shows})`;
    if (shows) readout.append(hint);
    button.after(readout);
    const update = () => {
      value.textContent = button.state;
      if (button.state !== 'idle') hint.remove();
    };
    new MutationObserver(update).observe(button, {
      attributeFilter: ['state'],
    });
    update();
  }
}

/**
 * Opens `form` with the demo's new-user profile, then, unless `email` is
 * null, types it and submits. Resolves once the form shows the answer
 * (`until`), or at once for a request that never ends.
 */
async function submit(
  form: TwitterCompleteSignup,
  email: string | null,
  until: 'signup-failed' | 'signup-complete' | null = null,
): Promise<void> {
  form.profile = { ...NEW_PROFILE };
  await form.updateComplete;
  if (email === null) return;
  const root = form.shadowRoot;
  if (!root) throw new Error('demo: the sign-up form has no shadow root');
  const input = find<HTMLInputElement>(root, '[part~="input-email"]');
  input.value = email;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  const answered = until
    ? new Promise((resolve) => form.addEventListener(until, resolve))
    : null;
  find<HTMLFormElement>(root, 'form').requestSubmit();
  await answered;
  await form.updateComplete;
}

/** Resolves once every instance that needs no click shows its state. */
export async function driveGallery(gallery: HTMLElement): Promise<void> {
  // Each instance hears its own events; the page around it does not.
  for (const type of ELEMENT_EVENTS) {
    gallery.addEventListener(type, (event) => {
      event.stopPropagation();
      if (type === 'blocked') event.preventDefault(); // Stay on the page.
    });
  }
  showStates(gallery);

  const blocked = find<TwitterConnect>(gallery, '#gallery-blocked');
  find(gallery, '#gallery-connect-later').addEventListener('click', () => {
    void connectWithoutGesture(blocked);
  });

  const form = (id: string) => find<TwitterCompleteSignup>(gallery, `#${id}`);
  await Promise.all([
    submit(form('gallery-empty'), null),
    submit(form('gallery-missing'), ''),
    submit(form('gallery-field-errors'), 'ada@example.com', 'signup-failed'),
    submit(form('gallery-submitting'), 'grace@example.com'),
    submit(form('gallery-server-error'), 'grace@example.com', 'signup-failed'),
    submit(form('gallery-expired'), 'grace@example.com', 'signup-failed'),
    submit(form('gallery-done'), 'grace@example.com', 'signup-complete'),
  ]);
}
