/**
 * The fake consent pages, standing in for Twitter and the OAuth round
 * trip: `/auth/twitter` on the app's own origin, and `/auth/coop` on the
 * other loopback origin, served with Cross-Origin-Opener-Policy (see
 * vite.config.ts). A choice goes where the real flow would end: the app's
 * OAuth callback, which renders the close page, or, on Cancel, back to an
 * ordinary page of the app.
 */
import { authorize, isChoice } from './fake-session.js';

// Like a real provider, the page is told where to send the user back.
const callback = new URL(
  new URLSearchParams(location.search).get('redirect_uri') ??
    '/auth/twitter/callback',
  location.href,
);

document.querySelector('form')?.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = event.submitter?.getAttribute('value') ?? '';
  if (!isChoice(value)) return;
  // replace(): like OAuth redirects, the popup's Back should not return here.
  if (callback.origin === location.origin) {
    authorize(value);
    location.replace(value === 'cancel' ? '/' : callback.href);
  } else {
    // Another origin cannot write the app's fake session: the callback
    // does, as a real server's callback learns the outcome from the code.
    callback.searchParams.set('choice', value);
    location.replace(callback.href);
  }
});
