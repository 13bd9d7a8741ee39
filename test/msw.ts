/**
 * msw in the test page: answers the check and sign-up endpoints at the
 * network edge, and counts the requests each test made.
 */
import { setupWorker } from 'msw/browser';
import { http, type RequestHandler } from 'msw';

export const worker = setupWorker();
let started: Promise<unknown> | undefined;

export function startMsw(): Promise<unknown> {
  started ??= worker.start({
    quiet: true,
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: '/mockServiceWorker.js' },
  });
  return started;
}

/** Requests the handlers saw, newest last. */
export const seen: Request[] = [];

export function use(...handlers: RequestHandler[]): void {
  worker.use(...handlers);
}

export function resetMsw(): void {
  worker.resetHandlers();
  seen.length = 0;
}

/** A check answer for a signed-in user, as the contract shows it. */
export const AUTHED = {
  authed: true,
  authentication: { provider: 'twitter', uid: '1001' },
  user: { id: 1, email: 'alice@example.com' },
};

/** Same-origin popup pages: one that reports at once, one that never does. */
export const CLOSE_PAGE = '/test/fixtures/close-page.html';
export const WAITING_PAGE = '/test/fixtures/consent.html';

/** Answers GET `url` with `answer()`, recording each request in `seen`. */
export function answerGet(url: string, answer: () => Response | Promise<Response>): void {
  use(
    http.get(url, async ({ request }) => {
      seen.push(request.clone());
      return answer();
    }),
  );
}
