/**
 * The app server's two JSON endpoints, answered in the browser by msw from
 * the fake session. Only this page's own requests are mocked; the popup's
 * page loads reach the dev server as usual.
 */
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { checkAnswer, signUp } from './fake-session.js';

const handlers = [
  http.get('/auth/check/twitter', () => HttpResponse.json(checkAnswer())),

  http.post('/users', async ({ request }) => {
    const body: unknown = await request.json().catch(() => null);
    const user =
      typeof body === 'object' && body !== null && 'user' in body
        ? body.user
        : null;
    const fields =
      typeof user === 'object' && user !== null
        ? (user as Record<string, unknown>)
        : {};
    const { status, body: answer } = signUp(fields);
    return HttpResponse.json(answer, { status });
  }),
];

/** Resolves once the service worker answers this page's requests. */
export function startMocks(): Promise<unknown> {
  return setupWorker(...handlers).start({
    onUnhandledRequest: 'bypass',
    // The page's event log shows what happens; keep the console for errors.
    quiet: true,
  });
}
