/**
 * msw in the test page: answers the check and sign-up endpoints at the
 * network edge, and counts the requests each test made.
 */
import { setupWorker } from 'msw/browser';
import type { RequestHandler } from 'msw';

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
