/**
 * The fake consent page (`/auth/twitter`), standing in for Twitter and the
 * OAuth round trip. A choice sets the fake session, then the page goes
 * where the real flow would end: the app's OAuth callback, which renders
 * the close page, or, on Cancel, back to an ordinary page of the app.
 */
import { authorize, type ConsentChoice } from './fake-session.js';

const isChoice = (value: string): value is ConsentChoice =>
  value === 'existing' || value === 'new' || value === 'cancel';

document.querySelector('form')?.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = event.submitter?.getAttribute('value') ?? '';
  if (!isChoice(value)) return;
  authorize(value);
  // replace(): like OAuth redirects, the popup's Back should not return here.
  location.replace(value === 'cancel' ? '/' : '/auth/twitter/callback');
});
