/**
 * The fake server's side of the OAuth callback: signs the user in (the
 * COOP consent page lives on another origin, so it passes the choice
 * along), then, as a real server does in one response, either deletes the
 * flow cookie and lets the close page load, or, without the cookie (the
 * same-window flow after a blocked popup), redirects to the app. The
 * opener checks as soon as the cookie is gone, so the session comes first.
 */
import { authorize, isChoice } from './fake-session.js';

const COOKIE = 'twitter_oauth_popup';

const choice = new URLSearchParams(location.search).get('choice');
if (isChoice(choice)) authorize(choice);

// Any value counts, as in the README's server examples; empty is absent.
const flowCookie = document.cookie
  .split('; ')
  .some((pair) => pair.startsWith(`${COOKIE}=`) && pair !== `${COOKIE}=`);
if (flowCookie) {
  document.cookie = `${COOKIE}=; path=/; max-age=0`;
} else {
  location.replace('/');
}
