// Compiled by `tsc --noEmit` in `npm test`, never run: consumer code gets
// typed events and tags from the package's global declarations.
import type { AuthedDetail, TwitterConnect } from '../../src/index.js';

const connect = document.querySelector('twitter-connect')!;
connect.addEventListener('authed', (e) => e.detail.authentication);
// @ts-expect-error: the field is `authentication`.
connect.addEventListener('authed', (e) => e.detail.authentcation);
connect.addEventListener('authed', (e) => {
  const detail: AuthedDetail = e.detail;
  return detail.user?.id;
});
connect.addEventListener('pending', (e) => e.detail.profile.nickname);
connect.addEventListener('cancelled', (e) => {
  // @ts-expect-error: `reason` is one of three names, not any string.
  const reason: typeof e.detail.reason = 'closed-by-user';
  return reason;
});

const element: TwitterConnect = connect;
void element.connect().then((outcome) => outcome.type);

const signup = document.createElement('twitter-complete-signup');
signup.addEventListener('signup-failed', (e) => e.detail.errors.join());
// @ts-expect-error: the detail field is `errors`.
signup.addEventListener('signup-failed', (e) => e.detail.error);

// @ts-expect-error: `method` is 'get' or 'post'.
element.method = 'put';
element.method = 'post';
