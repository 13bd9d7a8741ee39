/**
 * The fake server's side of the OAuth callback: signs the user in (the
 * COOP consent page lives on another origin, so it passes the choice
 * along) and deletes the flow cookie, in that order, as one server
 * response would. The opener checks as soon as the cookie is gone.
 */
import { authorize, isChoice } from './fake-session.js';

const choice = new URLSearchParams(location.search).get('choice');
if (isChoice(choice)) authorize(choice);
document.cookie = 'twitter_oauth_popup=; path=/; max-age=0';
