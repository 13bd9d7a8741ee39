/**
 * The app server's JSON endpoints, answered in the browser by msw from the
 * fake session, plus fixed answers for the gallery's instances and the
 * faults the "failure cases" panel switches on. Only this page's own
 * requests are mocked; the popup's page loads reach the dev server as usual.
 */
import { delay, http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import {
  checkAnswer,
  EXISTING_USER,
  NEW_PROFILE,
  signUp,
} from './fake-session.js';

/** What the failure panel breaks on the two real endpoints. */
export const faults = {
  /** The check endpoint answers 500. */
  checkError: false,
  /** The registration endpoint answers 500. */
  signupError: false,
  /** Every answer takes this long, in ms (0: at once). */
  delayMs: 0,
};

/** How a fixed answer is made; some wait first. */
type Answer = () => Response | Promise<Response>;

/** Rails' own error page body, served with a 500. */
const serverError = () =>
  HttpResponse.json(
    { status: 500, error: 'Internal Server Error' },
    { status: 500 },
  );

/** The gallery's check endpoints: one fixed answer each. */
const galleryChecks: Record<string, Answer> = {
  authed: () =>
    HttpResponse.json({
      authed: true,
      authentication: { provider: 'twitter', uid: '1001', user_id: 1 },
      user: EXISTING_USER,
    }),
  pending: () =>
    HttpResponse.json({
      authed: true,
      omniauth: { provider: 'twitter', uid: '2002', info: NEW_PROFILE },
    }),
  'signed-out': () => HttpResponse.json({ authed: false }),
  error: serverError,
  // The element's own check timeout ends this one, not the server.
  never: async () => {
    await delay('infinite');
    return serverError();
  },
};

/** The gallery's registration endpoints: one fixed answer each. */
const gallerySignups: Record<string, Answer> = {
  ok: () =>
    HttpResponse.json(
      { user: { id: 3, email: 'grace@example.com', nickname: 'grace' } },
      { status: 201 },
    ),
  'field-errors': () =>
    HttpResponse.json(
      {
        errors: {
          email: ['has already been taken'],
          nickname: ['is reserved'],
        },
      },
      { status: 422 },
    ),
  // What Rails answers when the CSRF token is stale.
  expired: () =>
    HttpResponse.json(
      { status: 422, error: 'Unprocessable Entity' },
      { status: 422 },
    ),
  error: serverError,
  never: async () => {
    await delay('infinite');
    return serverError();
  },
};

async function fieldsOf(request: Request): Promise<Record<string, unknown>> {
  const body: unknown = await request.json().catch(() => null);
  const user =
    typeof body === 'object' && body !== null && 'user' in body
      ? body.user
      : null;
  return typeof user === 'object' && user !== null
    ? (user as Record<string, unknown>)
    : {};
}

const handlers = [
  http.get('/auth/check/twitter', async () => {
    if (faults.delayMs) await delay(faults.delayMs);
    if (faults.checkError) return serverError();
    return HttpResponse.json(checkAnswer());
  }),

  http.post('/users', async ({ request }) => {
    const fields = await fieldsOf(request);
    if (faults.delayMs) await delay(faults.delayMs);
    if (faults.signupError) return serverError();
    const { status, body } = signUp(fields);
    return HttpResponse.json(body, { status });
  }),

  http.get('/demo/check/:answer', ({ params }) =>
    (galleryChecks[String(params.answer)] ?? serverError)(),
  ),

  http.post('/demo/users/:answer', ({ params }) =>
    (gallerySignups[String(params.answer)] ?? serverError)(),
  ),
];

/** Resolves once the service worker answers this page's requests. */
export function startMocks(): Promise<unknown> {
  return setupWorker(...handlers).start({
    onUnhandledRequest: 'bypass',
    // The page's event log shows what happens; keep the console for errors.
    quiet: true,
  });
}
