/**
 * Vue 3 types for `<twitter-connect>` and `<twitter-complete-signup>` as
 * `GlobalComponents`, so that vue-tsc and editors check their props and
 * events in templates:
 *
 *   import type {} from 'twitter-connect/vue';
 *   <twitter-connect :checkUrl="url" @authed="(e) => signIn(e.detail.user)" />
 *
 * Tell Vue's compiler these are custom elements (`isCustomElement`), and
 * bind props in camelCase (or with `.prop`): Vue then sets the element's
 * property, which `profile` (an object) needs.
 */
import type { DefineComponent } from 'vue';
import type {
  TwitterCompleteSignupEventMap,
  TwitterCompleteSignupSettings,
  TwitterConnectEventMap,
  TwitterConnectSettings,
} from 'twitter-connect';

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S;

/** `@signup-complete` is `onSignupComplete` in Vue's props. */
type Listeners<Events> = {
  [K in keyof Events as `on${Capitalize<Camel<K & string>>}`]?: (
    event: Events[K],
  ) => void;
};

export type TwitterConnectVueProps = Partial<TwitterConnectSettings> &
  Listeners<TwitterConnectEventMap>;

export type TwitterCompleteSignupVueProps =
  Partial<TwitterCompleteSignupSettings> &
  Listeners<TwitterCompleteSignupEventMap>;

declare module 'vue' {
  interface GlobalComponents {
    'twitter-connect': DefineComponent<TwitterConnectVueProps>;
    'twitter-complete-signup': DefineComponent<TwitterCompleteSignupVueProps>;
  }
}
