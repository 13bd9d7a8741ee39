/**
 * Calls `connect()` once the browser no longer counts the last click as a
 * user gesture, so `window.open` is blocked as it would be after a slow
 * `await` in the page's own code.
 */
import type { TwitterConnect } from '../src/twitter-connect.js';

/** Chromium's transient activation lasts 5 s; a little more to be sure. */
const ACTIVATION_MS = 5_500;

export function connectWithoutGesture(element: TwitterConnect): Promise<void> {
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      // Without the User Activation API, wait out the longest lifespan.
      const lapsed = navigator.userActivation
        ? !navigator.userActivation.isActive
        : Date.now() - started > ACTIVATION_MS;
      if (!lapsed) return;
      clearInterval(timer);
      void element.connect();
      resolve();
    }, 100);
  });
}
