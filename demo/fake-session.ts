/**
 * The demo's stand-in for the server's session. The fake consent page in
 * the popup writes it and the mocked endpoints in the opener read it; both
 * are pages of one origin, so localStorage is enough to share it.
 */
import type { CheckResponse } from '../src/events.js';

const KEY = 'twitter-connect-demo:session';

/** Someone who already has an account in the app. */
export const EXISTING_USER = {
  id: 1,
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  nickname: 'ada',
};

/** The Twitter profile of someone with no account yet (no email). */
export const NEW_PROFILE = {
  nickname: 'grace',
  name: 'Grace Hopper',
  image: '/avatar.svg',
};

/** Emails the fake registration endpoint treats as already taken. */
const TAKEN_EMAILS = ['taken@example.com', EXISTING_USER.email];

/** The check endpoint's answer for the current session. */
export function checkAnswer(): CheckResponse {
  const stored = localStorage.getItem(KEY);
  return stored ? (JSON.parse(stored) as CheckResponse) : { authed: false };
}

function save(answer: CheckResponse): void {
  localStorage.setItem(KEY, JSON.stringify(answer));
}

/** What the consent page's three buttons do to the session. */
export type ConsentChoice = 'existing' | 'new' | 'cancel';

export const isChoice = (value: unknown): value is ConsentChoice =>
  value === 'existing' || value === 'new' || value === 'cancel';

export function authorize(choice: ConsentChoice): void {
  if (choice === 'existing') {
    save({
      authed: true,
      authentication: { provider: 'twitter', uid: '1001', user_id: 1 },
      user: EXISTING_USER,
    });
  } else if (choice === 'new') {
    save({
      authed: true,
      omniauth: { provider: 'twitter', uid: '2002', info: NEW_PROFILE },
    });
  } else {
    save({ authed: false });
  }
}

type DemoUser = typeof EXISTING_USER;

export interface SignupResult {
  status: 201 | 422;
  body: { user: DemoUser } | { errors: string[] };
}

/**
 * The registration endpoint's rules, with Rails' message texts. Success
 * signs the new user in, as Devise does after a sign-up.
 */
export function signUp(fields: Record<string, unknown>): SignupResult {
  const email = typeof fields.email === 'string' ? fields.email.trim() : '';
  if (!email) {
    return { status: 422, body: { errors: ["Email can't be blank"] } };
  }
  if (TAKEN_EMAILS.includes(email.toLowerCase())) {
    return { status: 422, body: { errors: ['Email has already been taken'] } };
  }
  const user: DemoUser = {
    id: 2,
    email,
    name: typeof fields.name === 'string' ? fields.name : '',
    nickname: typeof fields.nickname === 'string' ? fields.nickname : '',
  };
  save({
    authed: true,
    authentication: { provider: 'twitter', uid: '2002', user_id: user.id },
    user,
  });
  return { status: 201, body: { user } };
}

/** Signs out: the next check answers `{"authed": false}`. */
export function resetSession(): void {
  localStorage.removeItem(KEY);
}
