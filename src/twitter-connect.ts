import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { BaseElement } from './base-element.js';
import type { FlowOutcome } from './check-status.js';
import { emit } from './events.js';
import { reportFromPopup } from './flow-protocol.js';
import { PopupFlow, type PopupFlowOptions } from './popup-flow.js';

/** Where a `<twitter-connect>` is in its flow, reflected as `state`. */
export type ConnectState =
  | 'idle'
  | 'waiting'
  | 'checking'
  | 'authed'
  | 'pending'
  | 'cancelled'
  | 'failed'
  | 'blocked';

/** Defaults from the 2012 technique this package grew from. */
const DEFAULTS = {
  provider: 'twitter',
  popupWidth: 800,
  popupHeight: 600,
  timeout: 300,
  checkTimeout: 10,
} as const;

/**
 * The running flow of each popup window name on this page: two buttons
 * share one popup (`window.open` with the same name re-navigates it), so
 * a click on the second one focuses the first one's popup.
 */
const flowsByPopup = new Map<string, PopupFlow>();

/** `closed` is read this often while the popup is open (the seed: 1000). */
const POLL_MS = 100;

/** What the live region announces for each outcome, by attribute. */
const OUTCOME_TEXTS = {
  'text-authed': 'Signed in.',
  'text-pending': 'Almost done: add your email address to finish signing up.',
  'text-cancelled': 'Sign-in cancelled.',
  'text-failed': 'Sign-in failed. Please try again.',
  'text-blocked': 'The sign-in window was blocked.',
};

/**
 * A "Sign in with Twitter" button that runs the provider's consent page in
 * a popup, learns the outcome from the app's own server and reports it as a
 * DOM event, so the page never reloads.
 *
 * @summary Sign in with Twitter in a popup.
 *
 * @fires authed - Signed in. Detail: `{authentication, user, response}`.
 * @fires pending - Twitter said yes but no account exists yet. Detail:
 *   `{profile, omniauth}`.
 * @fires cancelled - The user gave up, or the flow timed out. Detail:
 *   `{reason}`: `closed`, `timeout` or `aborted`.
 * @fires failed - The check request failed. Detail: `{reason, status?}`.
 * @fires blocked - The popup was blocked. Detail: `{url}`. Cancelable; the
 *   default action continues the sign-in in this window.
 *
 * @attr state - Where the flow is, reflected from the read-only `state`
 *   property: `idle`, `waiting`, `checking`, `authed`, `pending`,
 *   `cancelled`, `failed` or `blocked`.
 * @attr aria-label - Names the button (it is forwarded to it); the host
 *   keeps it as the author wrote it.
 * @attr text-authed - Announced when signed in. Default: "Signed in."
 * @attr text-pending - Announced when a new user must add an email.
 *   Default: "Almost done: add your email address to finish signing up."
 * @attr text-cancelled - Announced on `cancelled`. Default: "Sign-in
 *   cancelled."
 * @attr text-failed - Announced on `failed`. Default: "Sign-in failed.
 *   Please try again."
 * @attr text-blocked - Announced on `blocked`. Default: "The sign-in window
 *   was blocked."
 *
 * @slot - The button's label. Default: "Sign in with Twitter".
 * @slot waiting - The label while the popup is open. Default: "Waiting for
 *   Twitter…".
 * @slot icon - Replaces the bird icon.
 *
 * @csspart button - The native button.
 * @csspart icon - The icon's wrapper.
 * @csspart label - The label's wrapper.
 * @csspart waiting - The wrapper of the label shown while the popup is open.
 * @csspart status - The visually hidden live region announcing outcomes.
 *
 * @cssproperty --twitter-connect-background - Button background. Default:
 *   `#1565c0`.
 * @cssproperty --twitter-connect-color - Button text colour. Default:
 *   `#ffffff`.
 * @cssproperty --twitter-connect-radius - Corner radius. Default: `9999px`.
 * @cssproperty --twitter-connect-font - Font shorthand. Default: inherited.
 * @cssproperty --twitter-connect-focus-ring - Focus outline colour.
 *   Default: `#0f1419`.
 */
export class TwitterConnect extends BaseElement {
  static override tagName = 'twitter-connect';
  static override texts = OUTCOME_TEXTS;
  /** @internal */
  static override hostAttributes = ['aria-label'];

  static override styles = css`
    :host {
      display: inline-block;
    }
    :host([hidden]) {
      display: none;
    }
    button {
      display: inline-flex;
      align-items: center;
      gap: 0.5em;
      padding: 0.6em 1.2em;
      border: none;
      border-radius: var(--twitter-connect-radius, 9999px);
      background: var(--twitter-connect-background, #1565c0);
      color: var(--twitter-connect-color, #ffffff);
      font: var(--twitter-connect-font, inherit);
      font-weight: 600;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 3px solid var(--twitter-connect-focus-ring, #0f1419);
      outline-offset: 2px;
    }
    button[aria-busy='true'] {
      cursor: progress;
    }
    button[aria-busy='true'] [part='icon'] {
      animation: twitter-connect-pulse 1.2s ease-in-out infinite alternate;
    }
    @keyframes twitter-connect-pulse {
      to {
        opacity: 0.4;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      button[aria-busy='true'] [part='icon'] {
        animation: none;
      }
    }
    [part='icon'] {
      display: inline-flex;
      inline-size: 1.2em;
      block-size: 1.2em;
    }
    svg {
      inline-size: 100%;
      block-size: 100%;
      fill: currentColor;
    }
    [hidden] {
      display: none;
    }
    [part='status'] {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `;

  /** OmniAuth-style provider name; the URL and cookie defaults follow it. */
  @property() provider: string = DEFAULTS.provider;

  /** OAuth start URL opened in the popup. Unset: `/auth/{provider}`. */
  @property() href: string | undefined;

  /** `get` opens `href`; `post` submits it with the page's CSRF token. */
  @property() method = 'get';

  /** JSON status endpoint. Unset: `/auth/check/{provider}`. */
  @property({ attribute: 'check-url' }) checkUrl: string | undefined;

  /** Popup width in CSS pixels, centred on this window. */
  @property({ attribute: 'popup-width', type: Number })
  popupWidth: number = DEFAULTS.popupWidth;

  /** Popup height in CSS pixels. */
  @property({ attribute: 'popup-height', type: Number })
  popupHeight: number = DEFAULTS.popupHeight;

  /** Seconds after which an unanswered flow ends as `cancelled`/`timeout`. */
  @property({ type: Number }) timeout: number = DEFAULTS.timeout;

  /** Seconds the check request may take before the flow `failed`. */
  @property({ attribute: 'check-timeout', type: Number })
  checkTimeout: number = DEFAULTS.checkTimeout;

  /** Cookie that tells the server to render the close page. */
  @property({ attribute: 'cookie-name' }) cookieName: string | undefined;

  @state() private flowState: ConnectState = 'idle';
  private flow: PopupFlow | null = null;
  /** Misconfigurations already reported, so each warns once. */
  private readonly warned = new Set<string>();

  /** Where the element is in its flow (read-only, reflected). */
  get state(): ConnectState {
    return this.flowState;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A page of the app that finds itself inside the sign-in popup (the
    // provider's Cancel link leads back here) reports and closes.
    reportFromPopup('returned');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Wait one task: a move in the DOM (a framework re-parenting us, or
    // Turbo putting a permanent element into the new body after a few
    // awaits, see hotwired/turbo src/core/bardo.js) reconnects by then and
    // keeps the flow.
    if (!this.flow) return;
    setTimeout(() => {
      if (this.isConnected || !this.flow) return;
      this.flow.dispose();
      this.flow = null;
      this.flowState = 'idle';
    });
  }

  protected override willUpdate(): void {
    // Check the configuration whenever it changes, so that a mistake shows
    // while the page is built, not only at the first click.
    this.settings();
  }

  protected override updated(): void {
    if (this.getAttribute('state') !== this.flowState) {
      this.setAttribute('state', this.flowState);
    }
  }

  private onClick(): void {
    void this.connect();
  }

  /**
   * Starts a sign-in, as a click does; call it from a user gesture or the
   * popup is blocked. While a flow runs (this element's, or another
   * `<twitter-connect>`'s with the same provider) it focuses the popup and
   * returns that flow's promise. Resolves with the terminal event's
   * `{type, detail}` and never rejects.
   */
  connect(): Promise<FlowOutcome> {
    if (this.flow?.running) {
      this.flow.focus();
      return this.flow.outcome;
    }
    const options = this.flowOptions();
    const other = flowsByPopup.get(options.popupName);
    if (other?.running) {
      other.focus();
      return other.outcome;
    }
    this.flow?.dispose(); // Ends a previous flow's wait for a late report.
    const flow = new PopupFlow(options, {
      onChecking: () => (this.flowState = 'checking'),
      onBlocked: (url) => {
        this.flowState = 'blocked';
        return emit(this, 'blocked', { url }, { cancelable: true });
      },
      onEnd: (outcome) => this.report(outcome),
      onLateOutcome: (outcome) => this.report(outcome),
    });
    this.flow = flow;
    this.flowState = 'waiting';
    flowsByPopup.set(options.popupName, flow);
    void flow.outcome.then(() => {
      if (flowsByPopup.get(options.popupName) === flow)
        flowsByPopup.delete(options.popupName);
    });
    flow.start();
    return flow.outcome;
  }

  /** Closes the popup and ends the running flow with `cancelled`. */
  cancel(): void {
    this.flow?.cancel();
  }

  private report(outcome: FlowOutcome): void {
    this.flowState = outcome.type;
    // A switch keeps each event's name and detail type paired for tsc.
    switch (outcome.type) {
      case 'authed':
        emit(this, 'authed', outcome.detail);
        break;
      case 'pending':
        emit(this, 'pending', outcome.detail);
        break;
      case 'cancelled':
        emit(this, 'cancelled', outcome.detail);
        break;
      case 'failed':
        emit(this, 'failed', outcome.detail);
        break;
      case 'blocked':
        break; // Fired by onBlocked, before the same-window fallback.
    }
  }

  /** The attributes as the flow uses them: each bad one replaced. */
  private settings() {
    const provider = this.validProvider();
    const seconds = (attribute: string, value: number, fallback: number) =>
      this.positive(attribute, value, fallback) * 1000;
    return {
      provider,
      method: this.validMethod(),
      url: this.validUrl('href', this.href, `/auth/${provider}`),
      checkUrl: this.validUrl(
        'check-url',
        this.checkUrl,
        `/auth/check/${provider}`,
      ),
      cookieName: this.validCookieName(`${provider}_oauth_popup`),
      width: this.positive('popup-width', this.popupWidth, DEFAULTS.popupWidth),
      height: this.positive(
        'popup-height',
        this.popupHeight,
        DEFAULTS.popupHeight,
      ),
      timeoutMs: seconds('timeout', this.timeout, DEFAULTS.timeout),
      checkTimeoutMs: seconds(
        'check-timeout',
        this.checkTimeout,
        DEFAULTS.checkTimeout,
      ),
    };
  }

  private flowOptions(): PopupFlowOptions {
    const { provider, ...settings } = this.settings();
    return {
      ...settings,
      csrf: settings.method === 'post' ? this.pageCsrfToken() : null,
      popupName: `${provider}Window`,
      pollMs: POLL_MS,
    };
  }

  private validProvider(): string {
    if (/^[\w-]+$/.test(this.provider)) return this.provider;
    this.warnOnce(`provider="${this.provider}" is not a name; using twitter`);
    return DEFAULTS.provider;
  }

  /** Relative URLs and http(s) ones only: never `javascript:` and the like. */
  private validUrl(
    attribute: string,
    value: string | undefined,
    fallback: string,
  ): string {
    if (!value) return fallback;
    let protocol = '';
    try {
      protocol = new URL(value, location.href).protocol;
    } catch {
      // Not a URL at all: warned below.
    }
    if (protocol === 'http:' || protocol === 'https:') return value;
    this.warnOnce(
      `${attribute}="${value}" is not an http(s) URL; using ${fallback}`,
    );
    return fallback;
  }

  /** A name the browser stores as given (no `;`, `=`, spaces). */
  private validCookieName(fallback: string): string {
    if (!this.cookieName) return fallback;
    if (/^[\w-]+$/.test(this.cookieName)) return this.cookieName;
    this.warnOnce(
      `cookie-name="${this.cookieName}" is not a cookie name; using ${fallback}`,
    );
    return fallback;
  }

  private validMethod(): 'get' | 'post' {
    const method = this.method.toLowerCase();
    if (method === 'get' || method === 'post') return method;
    this.warnOnce(`method="${this.method}" is neither get nor post; using get`);
    return 'get';
  }

  private positive(attribute: string, value: number, fallback: number): number {
    if (Number.isFinite(value) && value > 0) return value;
    const written = this.getAttribute(attribute) ?? String(value);
    this.warnOnce(
      `${attribute}="${written}" is not a positive number; using ${fallback}`,
    );
    return fallback;
  }

  /** The token Rails' `csrf_meta_tags` renders, under its field name. */
  private pageCsrfToken(): { param: string; token: string } | null {
    const meta = (name: string) =>
      document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
    const token = meta('csrf-token');
    if (!token) {
      this.warnOnce(
        'method="post" but the page has no <meta name="csrf-token">; ' +
          'the server may refuse the request (Rails: add csrf_meta_tags)',
      );
      return null;
    }
    return { param: meta('csrf-param') || 'authenticity_token', token };
  }

  /** One warning per distinct misconfiguration, naming the element. */
  private warnOnce(problem: string): void {
    if (this.warned.has(problem)) return;
    this.warned.add(problem);
    const id = this.id ? ` id="${this.id}"` : '';
    console.warn(`<twitter-connect${id}>: ${problem}.`);
  }

  protected override render() {
    const busy = this.flowState === 'waiting' || this.flowState === 'checking';
    const status =
      this.flowState === 'idle' || busy
        ? ''
        : this.text(`text-${this.flowState}`);
    // The author's aria-label on the host names the button; the host keeps it.
    const label = this.getAttribute('aria-label');
    return html`
      <button
        part="button"
        type="button"
        aria-busy=${busy}
        aria-label=${label ?? nothing}
        @click=${this.onClick}
      >
        <span part="icon" aria-hidden="true"
          ><slot name="icon">${birdIcon}</slot></span
        >
        <span part="label" ?hidden=${busy}
          ><slot>Sign in with Twitter</slot></span
        >
        <span part="waiting" ?hidden=${!busy}
          ><slot name="waiting">Waiting for Twitter…</slot></span
        >
      </button>
      <span part="status" role="status">${status}</span>
    `;
  }
}

/** A plain bird drawn for this package: body, head, beak and wing. */
const birdIcon = html`<svg viewBox="0 0 24 24" focusable="false">
  <path
    d="M3 13c3 5 10 6 14 1l4-6-3 .5L20 5l-3 1a4 4 0 0 0-6 3v1C8 10 5 8 4 6c-1 2 0 4 2 5l-2 .2z"
  />
</svg>`;

/** The properties a page or a framework binding sets. */
export type TwitterConnectSettings = Pick<
  TwitterConnect,
  | 'provider'
  | 'href'
  | 'method'
  | 'checkUrl'
  | 'popupWidth'
  | 'popupHeight'
  | 'timeout'
  | 'checkTimeout'
  | 'cookieName'
>;

declare global {
  interface HTMLElementTagNameMap {
    'twitter-connect': TwitterConnect;
  }
}
