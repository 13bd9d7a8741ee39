import { checkStatus, type FlowOutcome } from './check-status.js';
import { readCookie, writeCookie } from './cookie.js';
import {
  CHANNEL_NAME,
  isFlowMessage,
  POPUP_MARKER_KEY,
} from './flow-protocol.js';

export interface PopupFlowOptions {
  /** The OAuth start URL. */
  url: string;
  /** `post` opens the popup empty and submits a form into it. */
  method: 'get' | 'post';
  /** Form field carrying the CSRF token in `post` mode. */
  csrf: { param: string; token: string } | null;
  checkUrl: string;
  popupName: string;
  width: number;
  height: number;
  /** The whole flow's deadline, from the click. */
  timeoutMs: number;
  cookieName: string;
  /** How often `popup.closed` is read while the popup is open. */
  pollMs: number;
  /** The check request's own deadline. */
  checkTimeoutMs: number;
}

/**
 * What a flow tells its element, in order: `checking` once the popup is
 * done, then the outcome; a sign-in reported late may follow a `cancelled`.
 * For `blocked` the element returns false to stay on the page.
 */
export type FlowReport = FlowOutcome | { type: 'checking' };

/**
 * `late`: ended as `cancelled` after the popup only looked closed; a report
 * from the popup can still turn it into a sign-in.
 */
type Phase = 'new' | 'waiting' | 'checking' | 'late' | 'rechecking' | 'ended';

const ABORTED: FlowOutcome = {
  type: 'cancelled',
  detail: { reason: 'aborted' },
};

/**
 * One sign-in attempt in a popup, from the click to its outcome.
 *
 * The popup's end is learned three ways, whichever comes first: a message
 * from the close page (or from an app page the popup returns to), the
 * server deleting the flow cookie, or `popup.closed` while this window has
 * the focus back. `closed` alone proves nothing: a provider page that sends
 * Cross-Origin-Opener-Policy cuts the popup off and `closed` reads true
 * while the user is still signing in (firebase-js-sdk#6910). Then exactly
 * one check request asks the server how it ended.
 */
export class PopupFlow {
  readonly id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    (b + 256).toString(16).slice(1),
  ).join('');
  /** Resolves with the outcome; never rejects. */
  readonly outcome: Promise<FlowOutcome>;

  #resolve!: (outcome: FlowOutcome) => void;
  #phase: Phase = 'new';
  #popup: Window | null = null;
  #channel: BroadcastChannel | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #deadline = 0;
  /** Ends every listener of the flow, and its check request, at once. */
  readonly #stop = new AbortController();
  readonly #options: PopupFlowOptions;
  readonly #report: (report: FlowReport) => boolean;

  constructor(
    options: PopupFlowOptions,
    report: (report: FlowReport) => boolean,
  ) {
    this.#options = options;
    this.#report = report;
    this.outcome = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** True from `start()` until the outcome is known. */
  get running(): boolean {
    return this.#phase === 'waiting' || this.#phase === 'checking';
  }

  /**
   * Opens the popup. Must run synchronously inside the click: browsers
   * block `window.open` after an `await` (Safari and Firefox at once).
   */
  start(): void {
    const { url, method, cookieName, popupName, timeoutMs, pollMs } =
      this.#options;
    this.#deadline = Date.now() + timeoutMs;
    // It lasts as long as the flow may.
    writeCookie(cookieName, this.id, Math.ceil(timeoutMs / 1000));
    const popup = this.#open(method === 'post' ? '' : url);
    if (!popup) {
      this.#end({ type: 'blocked', detail: { url } });
      return;
    }
    this.#popup = popup;
    this.#phase = 'waiting';
    if (method === 'post') this.#submit(popupName);
    const { signal } = this.#stop;
    try {
      this.#channel = new BroadcastChannel(CHANNEL_NAME);
      this.#channel.onmessage = this.#onMessage;
    } catch {
      // No BroadcastChannel: the opener postMessage below still arrives.
    }
    window.addEventListener('message', this.#onMessage, { signal });
    window.addEventListener('focus', this.#tick, { signal });
    window.addEventListener('pagehide', () => this.dispose(), { signal });
    this.#timer = setInterval(this.#tick, pollMs);
  }

  /** Brings the popup to the front (a second click on the button). */
  focus(): void {
    try {
      if (!this.#popup?.closed) this.#popup?.focus();
    } catch {
      // A cut-off popup cannot be reached; the user finds it themselves.
    }
  }

  /**
   * Closes the popup and ends the flow as `cancelled` / `aborted`; after a
   * `cancelled`, stops waiting for a late sign-in.
   */
  cancel(): void {
    if (this.running) this.#end(ABORTED);
    else this.#cleanUp();
  }

  /**
   * Stops everything without an outcome event (the element left the page,
   * or the page is going away). The outcome promise resolves as aborted.
   */
  dispose(): void {
    if (this.running) this.#close();
    this.#cleanUp();
    this.#resolve(ABORTED);
  }

  #open(url: string): Window | null {
    const { width, height, popupName } = this.#options;
    const left = Math.round(screenX + (outerWidth - width) / 2);
    const top = Math.round(screenY + (outerHeight - height) / 2);
    let marked = false;
    try {
      sessionStorage.setItem(POPUP_MARKER_KEY, this.id);
      marked = true;
    } catch {
      // Storage disabled: the popup cannot report; polling still works.
    }
    try {
      return window.open(
        url,
        popupName,
        `location=0,status=0,width=${width},height=${height},left=${left},top=${top}`,
      );
    } catch {
      return null; // Sandboxed iframes without allow-popups throw.
    } finally {
      // The popup got its copy at `window.open`; this tab must not keep one,
      // or a reload of it would think it is the popup.
      if (marked) sessionStorage.removeItem(POPUP_MARKER_KEY);
    }
  }

  /** `post` mode: the start request as a form submitted to `target`. */
  #submit(target: string): void {
    const { url, csrf } = this.#options;
    const form = document.createElement('form');
    form.method = 'post';
    form.action = url;
    form.target = target;
    form.hidden = true;
    if (csrf) {
      const field = document.createElement('input');
      field.type = 'hidden';
      field.name = csrf.param;
      field.value = csrf.token;
      form.append(field);
    }
    // Only a form in the document can navigate (HTML "submit" algorithm).
    document.body.append(form);
    form.submit();
    form.remove();
  }

  #onMessage = (event: MessageEvent): void => {
    if (event.origin !== location.origin) return;
    if (!isFlowMessage(event.data) || event.data.flow !== this.id) return;
    if (this.#phase === 'waiting' || this.#phase === 'late') void this.#check();
  };

  /** Reads the popup's state; runs every `pollMs` and on window focus. */
  #tick = (): void => {
    if (this.#phase !== 'waiting') return;
    if (Date.now() >= this.#deadline) {
      this.#end({ type: 'cancelled', detail: { reason: 'timeout' } });
      return;
    }
    let closed = true;
    try {
      closed = this.#popup!.closed;
    } catch {
      // Unreadable: gone as far as this window can tell.
    }
    if (!closed) return;
    if (!readCookie(this.#options.cookieName)) {
      // The server's callback deleted or emptied it: the close page is
      // loading (also a bare `window.close()` one, or a cut-off popup).
      void this.#check();
    } else if (document.hasFocus()) {
      // The user is back on this page and the popup looks gone. It may only
      // be cut off by COOP while the user glanced back, so a `cancelled`
      // keeps listening for a late report.
      void this.#check(true);
    }
    // Else the popup still has the focus, or another window does: wait for
    // the focus to come back (the `focus` listener ticks at once).
  };

  /**
   * Asks the server how the flow ended. `mayBeLate`: the popup only looked
   * closed. In the `late` phase only a sign-in is reported.
   */
  async #check(mayBeLate = false): Promise<void> {
    const late = this.#phase === 'late';
    this.#phase = late ? 'rechecking' : 'checking';
    clearInterval(this.#timer);
    if (!late) this.#report({ type: 'checking' });
    const { checkUrl, checkTimeoutMs } = this.#options;
    const outcome = await checkStatus(
      checkUrl,
      checkTimeoutMs,
      this.#stop.signal,
    );
    if (!outcome) return; // Disposed while the request ran.
    if (!late) return this.#end(outcome, mayBeLate);
    if (outcome.type === 'authed' || outcome.type === 'pending')
      this.#report(outcome);
    this.#cleanUp();
  }

  /**
   * Reports the outcome first and tidies up after, so the page hears it at
   * once. A popup left open (the app's failure page, a timeout) closes; a
   * reporting one is closing itself already.
   */
  #end(outcome: FlowOutcome, mayBeLate = false): void {
    this.#close();
    const late =
      mayBeLate && outcome.type === 'cancelled' && Date.now() < this.#deadline;
    this.#phase = late ? 'late' : 'ended';
    clearInterval(this.#timer);
    const proceed = this.#report(outcome);
    // A late sign-in needs the listeners; no timer runs while it may come.
    // The cookie goes now: kept, it would make the server render the close
    // page for a sign-in in another tab, or in this one, where nothing
    // closes it. A late sign-in is still heard from any app page that
    // loads the package (define.ts reports at import).
    if (late) this.#clearCookie();
    else this.#cleanUp();
    this.#resolve(outcome);
    if (outcome.type === 'blocked' && proceed) {
      // The same-window flow.
      if (this.#options.method === 'post') this.#submit('_self');
      else location.assign(outcome.detail.url);
    }
  }

  #cleanUp(): void {
    this.#phase = 'ended';
    clearInterval(this.#timer);
    this.#stop.abort();
    this.#channel?.close();
    this.#clearCookie();
    this.#popup = null;
  }

  #close(): void {
    try {
      if (!this.#popup?.closed) this.#popup?.close();
    } catch {
      // Cut off by COOP: `close()` cannot reach it from here.
    }
  }

  /** Deletes the cookie unless another tab's flow has set its own since. */
  #clearCookie(): void {
    const { cookieName } = this.#options;
    const value = readCookie(cookieName);
    if (value === this.id || value === '') writeCookie(cookieName, '', 0);
  }
}
