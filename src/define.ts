/**
 * Registers `<twitter-connect>` and `<twitter-complete-signup>`. Loaded in
 * the sign-in popup (a page of the app that the provider's Cancel link or a
 * redirect leads to), it also reports to the opener and closes the popup,
 * whether or not the page has an element; a page the popup shows on its way
 * to the provider must therefore not load it.
 */
import { reportFromPopup } from './flow-protocol.js';
import { TwitterCompleteSignup } from './twitter-complete-signup.js';
import { TwitterConnect } from './twitter-connect.js';

TwitterConnect.define();
TwitterCompleteSignup.define();
reportFromPopup('returned');

export * from './index.js';
