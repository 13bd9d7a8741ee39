import { checkStatus, type FlowOutcome } from './check-status.js';
import { deleteCookie, readCookie, setFlowCookie } from './cookie.js';
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

export interface PopupFlowHooks {
  /** The popup is done; the check request is under way. */
  onChecking(): void;
  /** The flow's outcome, told before the `outcome` promise settles. */
  onEnd(outcome: FlowOutcome): void;
  /** `window.open` returned null; return false to stay on the page. */
  onBlocked(url: string): boolean;
  /** A sign-in reported after this flow already ended as `cancelled`. */
  onLateOutcome(outcome: FlowOutcome): void;
}

/**
 * `late`: ended as `cancelled` after the popup only looked closed; a report
 * from the popup can still turn it into a sign-in.
 */
type Phase = 'new' | 'waiting' | 'checking' | 'late' | 'ended';

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

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
  readonly id = randomId();
  /** Resolves with the outcome; never rejects. */
  readonly outcome: Promise<FlowOutcome>;

  private resolveOutcome!: (outcome: FlowOutcome) => void;
  private phase: Phase = 'new';
  private popup: Window | null = null;
  private channel: BroadcastChannel | null = null;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private deadline = 0;
  /** Ends every window listener of the flow at once. */
  private readonly listeners = new AbortController();
  /** Ends the listeners kept for a late report after `cancelled`. */
  private readonly lateListeners = new AbortController();
  /** Ends the check request when the flow is disposed. */
  private readonly requests = new AbortController();
  private lateCheckRunning = false;

  constructor(
    private readonly options: PopupFlowOptions,
    private readonly hooks: PopupFlowHooks,
  ) {
    this.outcome = new Promise((resolve) => (this.resolveOutcome = resolve));
  }

  /** True from `start()` until the outcome is known. */
  get running(): boolean {
    return this.phase === 'waiting' || this.phase === 'checking';
  }

  /**
   * Opens the popup. Must run synchronously inside the click: browsers
   * block `window.open` after an `await` (Safari and Firefox at once).
   */
  start(): void {
    const { url, method, cookieName, popupName, timeoutMs } = this.options;
    this.deadline = Date.now() + timeoutMs;
    setFlowCookie(cookieName, this.id);
    const popup = this.openPopup(method === 'post' ? '' : url);
    if (!popup) {
      this.clearCookie();
      this.phase = 'ended';
      const proceed = this.hooks.onBlocked(url);
      this.resolveOutcome({ type: 'blocked', detail: { url } });
      if (proceed) this.navigateHere();
      return;
    }
    this.popup = popup;
    this.phase = 'waiting';
    if (method === 'post') this.submitForm(popupName);
    this.listen();
    this.pollTimer = setInterval(this.tick, this.options.pollMs);
  }

  /** Brings the popup to the front (a second click on the button). */
  focus(): void {
    try {
      if (this.popup && !this.popup.closed) this.popup.focus();
    } catch {
      // A cut-off popup cannot be reached; the user finds it themselves.
    }
  }

  /** Closes the popup and ends the flow as `cancelled` / `aborted`. */
  cancel(): void {
    if (!this.running) return;
    this.requests.abort();
    this.closePopup();
    this.finish({ type: 'cancelled', detail: { reason: 'aborted' } });
  }

  /**
   * Stops everything without an outcome event (the element left the page,
   * or the page is going away). The outcome promise resolves as aborted.
   */
  dispose(): void {
    if (this.phase === 'ended') return;
    const wasRunning = this.running;
    this.requests.abort();
    if (wasRunning) this.closePopup();
    this.cleanUp();
    this.resolveOutcome({ type: 'cancelled', detail: { reason: 'aborted' } });
  }

  private openPopup(url: string): Window | null {
    const { width, height, popupName } = this.options;
    const left = Math.round(window.screenX + (window.outerWidth - width) / 2);
    const top = Math.round(window.screenY + (window.outerHeight - height) / 2);
    const size = `width=${width},height=${height},left=${left},top=${top}`;
    const features = `location=0,status=0,${size}`;
    let marked = false;
    try {
      sessionStorage.setItem(POPUP_MARKER_KEY, this.id);
      marked = true;
    } catch {
      // Storage disabled: the popup cannot report; polling still works.
    }
    try {
      return window.open(url, popupName, features);
    } catch {
      return null; // Sandboxed iframes without allow-popups throw.
    } finally {
      // The popup got its copy at `window.open`; this tab must not keep one,
      // or a reload of it would think it is the popup.
      if (marked) sessionStorage.removeItem(POPUP_MARKER_KEY);
    }
  }

  /** `post` mode: the start request as a form submitted to `target`. */
  private submitForm(target: string): void {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = this.options.url;
    form.target = target;
    form.hidden = true;
    const { csrf } = this.options;
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

  /** The same-window flow after a blocked popup. */
  private navigateHere(): void {
    if (this.options.method === 'post') this.submitForm('_self');
    else location.assign(this.options.url);
  }

  private listen(): void {
    const { signal } = this.listeners;
    try {
      this.channel = new BroadcastChannel(CHANNEL_NAME);
      this.channel.addEventListener('message', this.onMessage);
    } catch {
      // No BroadcastChannel: the opener postMessage below still arrives.
    }
    window.addEventListener('message', this.onMessage, { signal });
    window.addEventListener('focus', this.tick, { signal });
    window.addEventListener('pagehide', () => this.dispose(), { signal });
  }

  private onMessage = (event: MessageEvent): void => {
    if (event.origin !== location.origin) return;
    if (!isFlowMessage(event.data) || event.data.flow !== this.id) return;
    if (this.phase === 'waiting') void this.check(false);
    else if (this.phase === 'late') void this.checkLate();
  };

  /** Reads the popup's state; runs every `pollMs` and on window focus. */
  private tick = (): void => {
    if (this.phase !== 'waiting') return;
    if (Date.now() >= this.deadline) {
      this.closePopup();
      this.finish({ type: 'cancelled', detail: { reason: 'timeout' } });
      return;
    }
    if (!this.popupClosed()) return;
    const cookie = readCookie(this.options.cookieName);
    if (cookie === null || cookie === '') {
      // The server's callback deleted or emptied it: the close page is
      // loading (also a bare `window.close()` one, or a cut-off popup).
      void this.check(false);
    } else if (document.hasFocus()) {
      // The user is back on this page and the popup looks gone. It may only
      // be cut off by COOP while the user glanced back, so keep listening
      // for a late report after a `cancelled`.
      void this.check(true);
    }
    // Else the popup still has the focus, or another window does: wait for
    // the focus to come back (the `focus` listener ticks at once).
  };

  private async check(mayBeLate: boolean): Promise<void> {
    this.phase = 'checking';
    clearInterval(this.pollTimer);
    this.hooks.onChecking();
    const outcome = await this.request();
    if (outcome === null) return; // Disposed while the request ran.
    // A popup left open (the app's failure page) closes; a reporting one
    // is closing itself already.
    this.closePopup();
    this.finish(outcome, mayBeLate && outcome.type === 'cancelled');
  }

  /** The popup reported after the flow ended as `cancelled`. */
  private async checkLate(): Promise<void> {
    if (this.lateCheckRunning) return;
    this.lateCheckRunning = true;
    const outcome = await this.request();
    if (outcome === null) return;
    this.cleanUp();
    if (outcome.type === 'authed' || outcome.type === 'pending') {
      this.hooks.onLateOutcome(outcome);
    }
  }

  private request(): Promise<FlowOutcome | null> {
    const { checkUrl, checkTimeoutMs } = this.options;
    return checkStatus(checkUrl, checkTimeoutMs, this.requests.signal);
  }

  private finish(outcome: FlowOutcome, keepListening = false): void {
    const late = keepListening && Date.now() < this.deadline;
    this.phase = late ? 'late' : 'ended';
    clearInterval(this.pollTimer);
    // Report first, tidy up after: the page hears the outcome at once.
    this.hooks.onEnd(outcome);
    if (late) {
      // Only the two message listeners stay; no timer runs while we wait.
      this.listeners.abort();
      this.clearCookie();
      window.addEventListener('message', this.onMessage, {
        signal: this.lateListeners.signal,
      });
    } else {
      this.cleanUp();
    }
    this.resolveOutcome(outcome);
  }

  private cleanUp(): void {
    this.phase = 'ended';
    clearInterval(this.pollTimer);
    this.listeners.abort();
    this.lateListeners.abort();
    this.channel?.close();
    this.channel = null;
    this.clearCookie();
    this.popup = null;
  }

  private popupClosed(): boolean {
    try {
      return !this.popup || this.popup.closed;
    } catch {
      return true;
    }
  }

  private closePopup(): void {
    try {
      if (this.popup && !this.popup.closed) this.popup.close();
    } catch {
      // Cut off by COOP: `close()` cannot reach it from here.
    }
  }

  /** Deletes the cookie unless another tab's flow has set its own since. */
  private clearCookie(): void {
    const { cookieName } = this.options;
    const value = readCookie(cookieName);
    if (value === this.id || value === '') deleteCookie(cookieName);
  }
}
