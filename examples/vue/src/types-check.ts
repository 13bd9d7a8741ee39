// Type-checked, never run: what `twitter-connect/vue` gives vue-tsc and
// editors for templates, checked here with plain tsc.
import type {} from 'twitter-connect/vue';
import type { GlobalComponents } from 'vue';

type PropsOf<Tag extends keyof GlobalComponents> = InstanceType<
  GlobalComponents[Tag]
>['$props'];

export const connect: PropsOf<'twitter-connect'> = {
  checkUrl: '/api/check',
  popupWidth: 480,
  onAuthed: (event) => event.detail.user,
  onCancelled: (event) => event.detail.reason === 'timeout',
};

export const signup: PropsOf<'twitter-complete-signup'> = {
  action: '/api/users',
  profile: { name: 'Ada Lovelace' },
  onSignupComplete: (event) => event.detail.user,
  onSignupFailed: (event) => event.detail.errors.join(),
};

// @ts-expect-error popupWidth is a number
export const wrongType: PropsOf<'twitter-connect'> = { popupWidth: 'wide' };

export const wrongDetail: PropsOf<'twitter-connect'> = {
  // @ts-expect-error `authed` carries a user, not a reason
  onAuthed: (event) => event.detail.reason,
};
