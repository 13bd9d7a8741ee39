/**
 * The events both elements fire, their detail types, and their entries in
 * `GlobalEventHandlersEventMap`, so that
 * `el.addEventListener('authed', e => e.detail.user)` is typed.
 */

/** Fields OmniAuth puts in `info`; Twitter gives no email address. */
export interface TwitterProfile {
  nickname?: string;
  name?: string;
  email?: string;
  image?: string;
  description?: string;
  [field: string]: unknown;
}

/** The OmniAuth auth hash the server keeps for a user with no account yet. */
export interface OmniAuthHash {
  provider?: string;
  uid?: string;
  info: TwitterProfile;
  [field: string]: unknown;
}

/** The check endpoint's JSON answer, as the server sent it. */
export interface CheckResponse {
  authed: boolean;
  authentication?: Record<string, unknown>;
  user?: Record<string, unknown>;
  omniauth?: OmniAuthHash;
  [field: string]: unknown;
}

export interface AuthedDetail {
  authentication: Record<string, unknown> | null;
  user: Record<string, unknown> | null;
  /** The whole JSON answer of the check endpoint. */
  response: CheckResponse;
}

export interface PendingDetail {
  /** `omniauth.info`: what the sign-up form is prefilled from. */
  profile: TwitterProfile;
  omniauth: OmniAuthHash;
}

/**
 * `closed`: the server says the user is not signed in (popup closed,
 * consent denied or cancelled). `timeout`: no answer within `timeout`
 * seconds. `aborted`: `cancel()` was called.
 */
export type CancelReason = 'closed' | 'timeout' | 'aborted';

export interface CancelledDetail {
  reason: CancelReason;
}

/**
 * `network`: the check request did not reach the server. `http`: a non-2xx
 * answer. `invalid-response`: not JSON, or JSON of another shape. `timeout`:
 * the check request got no answer in time.
 */
export type FailReason = 'network' | 'http' | 'invalid-response' | 'timeout';

export interface FailedDetail {
  reason: FailReason;
  /** HTTP status, when the server answered. */
  status?: number;
}

export interface BlockedDetail {
  /** The sign-in URL; the default action opens it in this window. */
  url: string;
}

export interface SignupCompleteDetail {
  /** `user` from the server's answer, or the whole answer without one. */
  user: Record<string, unknown> | null;
  response: unknown;
}

export interface SignupFailedDetail {
  /** Every message shown to the user, as text. */
  errors: string[];
  /** HTTP status; absent when the request did not reach the server. */
  status?: number;
}

/** Events of `<twitter-connect>`; each flow ends in exactly one of them. */
export interface TwitterConnectEventMap {
  authed: CustomEvent<AuthedDetail>;
  pending: CustomEvent<PendingDetail>;
  cancelled: CustomEvent<CancelledDetail>;
  failed: CustomEvent<FailedDetail>;
  blocked: CustomEvent<BlockedDetail>;
}

/** Events of `<twitter-complete-signup>`. */
export interface TwitterCompleteSignupEventMap {
  'signup-complete': CustomEvent<SignupCompleteDetail>;
  'signup-failed': CustomEvent<SignupFailedDetail>;
}

type AllEvents = TwitterConnectEventMap & TwitterCompleteSignupEventMap;

/** One of our events as a value: its type paired with its detail's type. */
export type EventOf<M = AllEvents> = {
  [K in keyof M]: {
    type: K;
    detail: M[K] extends CustomEvent<infer D> ? D : never;
  };
}[keyof M];

/**
 * Fires one of our events from `target`. Every event bubbles and crosses
 * shadow roots, so a listener on `document` hears elements nested in other
 * components; only `blocked`, whose default action a page can veto, is
 * cancelable. Returns false when a listener called `preventDefault()`.
 */
export const emit = (target: EventTarget, { type, detail }: EventOf) =>
  target.dispatchEvent(
    new CustomEvent(type, {
      detail,
      bubbles: true,
      composed: true,
      cancelable: type === 'blocked',
    }),
  );

declare global {
  interface GlobalEventHandlersEventMap
    extends TwitterConnectEventMap, TwitterCompleteSignupEventMap {}
}
