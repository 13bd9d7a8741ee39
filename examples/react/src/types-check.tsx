// Type-checked, never run: what `twitter-connect/react` allows in JSX.
import type {} from 'twitter-connect/react';

export const wrongType = (
  // @ts-expect-error popupWidth is a number
  <twitter-connect popupWidth="wide" />
);

export const wrongDetail = (
  <twitter-connect
    // @ts-expect-error `authed` carries a user, not a reason
    onauthed={(event) => event.detail.reason}
  />
);

export const signupFailed = (
  <twitter-complete-signup
    onsignup-failed={(event) => event.detail.errors.join()}
  />
);

export const wrongMethod = (
  // @ts-expect-error method is 'get' or 'post'
  <twitter-connect method="put" />
);
