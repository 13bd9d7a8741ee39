import { css, html, nothing } from 'lit';
import { BaseElement, meta } from './base-element.js';
import type { FlowOutcome } from './check-status.js';
import { readCookie } from './cookie.js';
import { emit } from './events.js';
import { reportFromPopup } from './flow-protocol.js';
import { PopupFlow } from './popup-flow.js';

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

/**
 * The running flow of each popup window name on this page: two buttons
 * share one popup (`window.open` with the same name re-navigates it), so
 * a click on the second one focuses the first one's popup.
 */
const flowsByPopup = new Map<string, PopupFlow>();

/** `closed` is read this often while the popup is open (the seed: 1000). */
const POLL_MS = 100;

/** What a provider name and a cookie name may be. */
const NAME = /^[\w-]+$/;

/** Relative URLs and http(s) ones only: never `javascript:` and the like. */
function isHttp(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url, location.href).protocol);
  } catch {
    return false;
  }
}

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

  static override properties = {
    provider: {},
    href: {},
    method: {},
    checkUrl: { attribute: 'check-url' },
    popupWidth: { attribute: 'popup-width', type: Number },
    popupHeight: { attribute: 'popup-height', type: Number },
    timeout: { type: Number },
    checkTimeout: { attribute: 'check-timeout', type: Number },
    cookieName: { attribute: 'cookie-name' },
    flowState: { state: true },
    labelled: { state: true },
  };

  static override styles = [
    BaseElement.styles,
    css`
      :host {
        display: inline-block;
      }
      button {
        display: inline-flex;
        align-items: center;
        gap: 0.5em;
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
      [part='status'] {
        position: absolute;
        inline-size: 1px;
        block-size: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
    `,
  ];

  // The defaults come from the 2012 technique this package grew from.

  /** OmniAuth-style provider name; the URL and cookie defaults follow it. */
  provider = 'twitter';

  /** OAuth start URL opened in the popup. Unset: `/auth/{provider}`. */
  href: string | undefined;

  /** `get` opens `href`; `post` submits it with the page's CSRF token. */
  method: 'get' | 'post' = 'get';

  /** JSON status endpoint. Unset: `/auth/check/{provider}`. */
  checkUrl: string | undefined;

  /** Popup width in CSS pixels, centred on this window. */
  popupWidth = 800;

  /** Popup height in CSS pixels. */
  popupHeight = 600;

  /** Seconds after which an unanswered flow ends as `cancelled`/`timeout`. */
  timeout = 300;

  /** Seconds the check request may take before the flow `failed`. */
  checkTimeout = 10;

  /** Cookie that tells the server to render the close page. */
  cookieName: string | undefined;

  private flowState: ConnectState = 'idle';
  /** The default slot holds a label: more than whitespace. */
  private labelled = false;
  #flow: PopupFlow | null = null;
  /** Misconfigurations already reported, so each warns once. */
  readonly #warned = new Set<string>();

  /** Where the element is in its flow (read-only, reflected). */
  get state(): ConnectState {
    return this.flowState;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A page of the app that finds itself inside the sign-in popup (the
    // provider's Cancel link leads back here) reports and closes.
    reportFromPopup('returned');
    this.#labelWatch.observe(this, { characterData: true, subtree: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#labelWatch.disconnect();
    // Wait one task: a move in the DOM (a framework re-parenting us, or
    // Turbo putting a permanent element into the new body after a few
    // awaits, see hotwired/turbo src/core/bardo.js) reconnects by then and
    // keeps the flow.
    if (!this.#flow) return;
    setTimeout(() => {
      if (this.isConnected || !this.#flow) return;
      this.#flow.dispose();
      this.#flow = null;
      this.flowState = 'idle';
    });
  }

  protected override willUpdate(): void {
    // Check the configuration whenever it changes, so that a mistake shows
    // while the page is built, not only at the first click.
    this.#settings();
  }

  protected override updated(): void {
    if (this.getAttribute('state') !== this.flowState) {
      this.setAttribute('state', this.flowState);
    }
  }

  /**
   * Starts a sign-in, as a click does; call it from a user gesture or the
   * popup is blocked. While a flow runs (this element's, or another
   * `<twitter-connect>`'s with the same provider) it focuses the popup and
   * returns that flow's promise. Resolves with the terminal event's
   * `{type, detail}` and never rejects.
   */
  connect(): Promise<FlowOutcome> {
    const { provider, ...settings } = this.#settings();
    const popupName = `${provider}Window`;
    const running = [this.#flow, flowsByPopup.get(popupName)].find(
      (flow) => flow?.running,
    );
    if (running) {
      running.focus();
      return running.outcome;
    }
    this.#flow?.dispose(); // Ends a previous flow's wait for a late report.
    const flow = new PopupFlow(
      {
        ...settings,
        csrf: settings.method === 'post' ? this.#csrf() : null,
        popupName,
        pollMs: POLL_MS,
      },
      (report) => {
        this.flowState = report.type;
        return report.type === 'checking' || emit(this, report);
      },
    );
    this.#flow = flow;
    this.flowState = 'waiting';
    flowsByPopup.set(popupName, flow);
    void flow.outcome.then(() => {
      if (flowsByPopup.get(popupName) === flow) flowsByPopup.delete(popupName);
    });
    flow.start();
    if (flow.running && readCookie(settings.cookieName) !== flow.id) {
      this.#warn(
        `the browser did not keep the cookie ${settings.cookieName} ` +
          '(cookies blocked?); the server cannot tell the popup it is one',
      );
    }
    return flow.outcome;
  }

  /** Closes the popup and ends the running flow with `cancelled`. */
  cancel(): void {
    this.#flow?.cancel();
  }

  /**
   * The whitespace between `<twitter-connect>` and its end tag is slotted
   * too, and hides a slot's fallback; so the default label shows unless
   * the slot holds an element or some text. Runs on `slotchange` and when
   * a slotted text changes in place (a framework filling in a translation),
   * which fires no `slotchange`.
   */
  #checkLabel = (): void => {
    const slot = this.renderRoot?.querySelector('slot:not([name])');
    this.labelled = !!(slot as HTMLSlotElement | null)
      ?.assignedNodes()
      .some((node) => node.nodeType === 1 || node.textContent!.trim());
  };
  readonly #labelWatch = new MutationObserver(this.#checkLabel);

  /**
   * The attributes as the flow uses them: each bad one replaced. A removed
   * attribute (Lit then sets its property to null) means the default.
   */
  #settings() {
    const { cookieName: cookie } = this;
    const name = this.provider ?? 'twitter';
    const provider = this.#valid(
      'provider',
      name,
      NAME.test(name),
      'a name',
      'twitter',
    );
    const url = (
      attribute: string,
      value: string | undefined,
      fallback: string,
    ) =>
      value?.trim()
        ? this.#valid(
            attribute,
            value,
            isHttp(value),
            'an http(s) URL',
            fallback,
          )
        : fallback;
    const positive = (attribute: string, value: number, fallback: number) =>
      this.#valid(
        attribute,
        (value ??= fallback),
        value > 0 && value < Infinity,
        'a positive number',
        fallback,
      );
    const cookieName = `${provider}_oauth_popup`;
    const method = (this.method ?? 'get').toLowerCase() as 'get' | 'post';
    return {
      provider,
      method: this.#valid(
        'method',
        method,
        /^(get|post)$/.test(method),
        'get or post',
        'get',
      ),
      url: url('href', this.href, `/auth/${provider}`),
      checkUrl: url('check-url', this.checkUrl, `/auth/check/${provider}`),
      cookieName: cookie
        ? this.#valid(
            'cookie-name',
            cookie,
            // Browsers refuse `__Host-`/`__Secure-` names without https.
            NAME.test(cookie) &&
              (location.protocol === 'https:' ||
                !/^__(host|secure)-/i.test(cookie)),
            'a cookie name this page can set',
            cookieName,
          )
        : cookieName,
      width: positive('popup-width', this.popupWidth, 800),
      height: positive('popup-height', this.popupHeight, 600),
      timeoutMs: positive('timeout', this.timeout, 300) * 1000,
      checkTimeoutMs: positive('check-timeout', this.checkTimeout, 10) * 1000,
    };
  }

  /**
   * `value` if `ok`, else `fallback` and one warning, which quotes a number
   * attribute as written (`""` and `1e400` parse as 0 and Infinity).
   */
  #valid<T>(
    attribute: string,
    value: T,
    ok: boolean,
    kind: string,
    fallback: T,
  ): T {
    if (ok) return value;
    // The attribute when it parses to the bad value, else the property.
    const asWritten = this.getAttribute(attribute);
    const written =
      typeof value === 'number' &&
      asWritten !== null &&
      Object.is(Number(asWritten), value)
        ? asWritten
        : value;
    this.#warn(`${attribute}="${written}" is not ${kind}; using ${fallback}`);
    return fallback;
  }

  /** The token Rails' `csrf_meta_tags` renders, under its field name. */
  #csrf(): { param: string; token: string } | null {
    const token = meta('csrf-token');
    if (token)
      return { param: meta('csrf-param') || 'authenticity_token', token };
    this.#warn(
      'method="post" but the page has no <meta name="csrf-token">; ' +
        'the server may refuse the request (Rails: add csrf_meta_tags)',
    );
    return null;
  }

  /** One warning per distinct misconfiguration, naming the element. */
  #warn(problem: string): void {
    if (this.#warned.has(problem)) return;
    this.#warned.add(problem);
    const id = this.id ? ` id="${this.id}"` : '';
    console.warn(`<${this.localName}${id}>: ${problem}.`);
  }

  protected override render() {
    const busy = this.flowState === 'waiting' || this.flowState === 'checking';
    const status =
      this.flowState === 'idle' || busy
        ? ''
        : this.text(`text-${this.flowState}`);
    // The author's aria-label on the host names the button; the host keeps it.
    return html`
      <button
        part="button"
        type="button"
        aria-busy=${busy}
        aria-label=${this.getAttribute('aria-label') ?? nothing}
        @click=${() => void this.connect()}
      >
        <span part="icon" aria-hidden="true"
          ><slot name="icon">${birdIcon}</slot></span
        >
        <span part="label" ?hidden=${busy}
          ><slot @slotchange=${this.#checkLabel}></slot>${
            this.labelled ? nothing : 'Sign in with Twitter'
          }</span
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
