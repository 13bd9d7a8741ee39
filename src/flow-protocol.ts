/**
 * What the opener page and the pages inside the sign-in popup say to each
 * other. The close page (`callback.ts`) and an app page that finds itself in
 * the popup (`reportFromPopup`) send a {@link FlowMessage}; the waiting
 * `PopupFlow` in the opener listens for it.
 */

/** BroadcastChannel shared by every page of the app's origin. */
export const CHANNEL_NAME = 'twitter-connect';

/**
 * sessionStorage key that only the flow's popup carries. The opener writes
 * it just before `window.open` and removes it right after: browsers copy
 * sessionStorage into a popup at `window.open` time and keep it across
 * Cross-Origin-Opener-Policy swaps, which drop `window.name` and
 * `window.opener` (measured in Chromium 156 and Firefox 153; see the HTML
 * spec, "copy session storage"). Tabs the user opens later get no copy.
 */
export const POPUP_MARKER_KEY = 'twitter-connect:flow';

/** `done`: the server's close page loaded. `returned`: an ordinary page. */
export type FlowMessageKind = 'done' | 'returned';

export interface FlowMessage {
  twitterConnect: FlowMessageKind;
  /** The id of the flow that opened this popup. */
  flow: string;
}

export const isFlowMessage = (data: unknown): data is FlowMessage =>
  /^(done|returned)$/.test((data as FlowMessage)?.twitterConnect) &&
  typeof (data as FlowMessage).flow === 'string';

/** The flow id this window carries if it is a sign-in popup, else null. */
export function readPopupMarker(): string | null {
  try {
    return sessionStorage.getItem(POPUP_MARKER_KEY);
  } catch {
    return null; // Storage disabled: the opener falls back to polling.
  }
}

/**
 * Tells the opener that this popup reached the app again, on two channels
 * (some browsers drop a postMessage sent right before `window.close()`, see
 * FMGSuite/torii#182), then closes the popup. Does nothing outside a popup.
 * Returns whether this window was a sign-in popup.
 */
export function reportFromPopup(kind: FlowMessageKind): boolean {
  const flow = readPopupMarker();
  if (flow === null) return false;
  // getItem worked, so storage is there: removing cannot throw.
  sessionStorage.removeItem(POPUP_MARKER_KEY);
  const message: FlowMessage = { twitterConnect: kind, flow };
  try {
    const channel = new BroadcastChannel(CHANNEL_NAME);
    channel.postMessage(message);
    channel.close();
  } catch {
    // No BroadcastChannel (old Safari): the opener's postMessage path remains.
  }
  try {
    window.opener?.postMessage(message, location.origin);
  } catch {
    // Opener gone or cut off by COOP: the channel above carries the news.
  }
  window.close();
  return true;
}
