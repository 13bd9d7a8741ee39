/**
 * JSX types for `<twitter-connect>` and `<twitter-complete-signup>` in
 * React 19. React 19 sets a prop as a property when the element has one
 * (so `checkUrl`, `popupWidth={480}` and `profile={...}` arrive typed) and
 * treats `on<name>` as a listener for the event `<name>`, verbatim:
 *
 *   import type {} from 'twitter-connect/react';
 *   <twitter-connect checkUrl="/auth/check/twitter"
 *     onauthed={(event) => setUser(event.detail.user)} />
 *
 * Register the tags (`import 'twitter-connect/define'`) before React first
 * renders them, or the props land as attributes.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  TwitterCompleteSignup,
  TwitterCompleteSignupEventMap,
  TwitterCompleteSignupSettings,
  TwitterConnect,
  TwitterConnectEventMap,
  TwitterConnectSettings,
} from 'twitter-connect';

/** `onauthed`, `onsignup-complete`: React 19 keeps the name as written. */
type Listeners<Events> = {
  [K in keyof Events as `on${K & string}`]?: (event: Events[K]) => void;
};

/** The `text-*` and `label-*` attributes that translate the elements. */
type Texts = { [attribute: `text-${string}` | `label-${string}`]: string };

type Props<E, Own, Events> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Partial<Own> &
  Listeners<Events> &
  Partial<Texts>;

export type TwitterConnectProps = Props<
  TwitterConnect,
  TwitterConnectSettings,
  TwitterConnectEventMap
>;

export type TwitterCompleteSignupProps = Props<
  TwitterCompleteSignup,
  TwitterCompleteSignupSettings,
  TwitterCompleteSignupEventMap
>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'twitter-connect': TwitterConnectProps;
      'twitter-complete-signup': TwitterCompleteSignupProps;
    }
  }
}
