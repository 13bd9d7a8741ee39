import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { BaseElement } from './base-element.js';
import { emit, type PendingDetail, type TwitterProfile } from './events.js';
import {
  parseSignupErrors,
  SIGNUP_FIELDS,
  type SignupField,
} from './signup-errors.js';

/** Where the form is: no profile yet, filling in, posting, or registered. */
export type SignupState = 'hidden' | 'editing' | 'submitting' | 'done';

const AUTOCOMPLETE: Record<SignupField, string> = {
  email: 'email',
  name: 'name',
  nickname: 'nickname',
};

/** Every text the form shows, by the attribute that replaces it. */
const TEXTS = {
  'label-email': 'Email',
  'label-name': 'Name',
  'label-nickname': 'Nickname',
  'text-hint':
    'Twitter does not share your email address. Add it to finish signing up.',
  'text-submit': 'Create account',
  'text-submitting': 'Creating your account…',
  'text-done': 'You are signed up.',
  'text-email-missing': 'Enter your email address.',
  'text-email-invalid':
    'Enter a valid email address, such as name@example.com.',
  'text-expired': 'Your session has expired. Reload the page and try again.',
  'text-generic': 'Sign-up failed. Please try again.',
  'text-network':
    'Could not reach the server. Check your connection and try again.',
  'text-timeout': 'The server did not answer in time. Please try again.',
};

type Values = Record<SignupField, string>;
type FieldErrors = Partial<Record<SignupField, string[]>>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : '';

/**
 * Finishes sign-up for a new user: Twitter gives no email address, so this
 * form asks for one, prefilled with the rest of the Twitter profile, and
 * posts the registration as JSON. Hidden until a `pending` event from
 * `<twitter-connect>` reaches the document, or `profile` is set.
 *
 * @summary The email form that completes a new user's sign-up.
 *
 * @fires signup-complete - The server accepted the registration. Detail:
 *   `{user, response}`.
 * @fires signup-failed - The server refused it, or could not be reached.
 *   Detail: `{errors, status?}`; `errors` are the messages shown.
 *
 * @attr label-email - The email field's label. Default: "Email".
 * @attr label-name - The name field's label. Default: "Name".
 * @attr label-nickname - The nickname field's label. Default: "Nickname".
 * @attr text-hint - Why an email is needed. Default: "Twitter does not
 *   share your email address. Add it to finish signing up."
 * @attr text-submit - The submit button. Default: "Create account".
 * @attr text-submitting - The submit button while posting. Default:
 *   "Creating your account…".
 * @attr text-done - Shown once registered. Default: "You are signed up."
 * @attr text-email-missing - Default: "Enter your email address."
 * @attr text-email-invalid - Default: "Enter a valid email address, such
 *   as name@example.com."
 * @attr text-expired - A refused CSRF token. Default: "Your session has
 *   expired. Reload the page and try again."
 * @attr text-generic - Any other failure. Default: "Sign-up failed. Please
 *   try again."
 * @attr text-network - Default: "Could not reach the server. Check your
 *   connection and try again."
 * @attr text-timeout - Default: "The server did not answer in time. Please
 *   try again."
 *
 * @csspart form - The form.
 * @csspart hint - The sentence explaining why an email is needed.
 * @csspart field - Each label + input + error group.
 * @csspart label - Each label.
 * @csspart input - Each input; also `input-email`, `input-name`,
 *   `input-nickname`.
 * @csspart error - Each field's error message; also `error-email` etc.
 * @csspart errors - The live region listing every server message.
 * @csspart submit - The submit button.
 * @csspart done - The message shown once signed up.
 *
 * @cssproperty --twitter-connect-background - Submit button background.
 *   Default: `#1565c0`.
 * @cssproperty --twitter-connect-color - Submit button text colour.
 *   Default: `#ffffff`.
 * @cssproperty --twitter-connect-radius - Corner radius. Default: `9999px`.
 * @cssproperty --twitter-connect-font - Font shorthand. Default: inherited.
 * @cssproperty --twitter-connect-error-color - Error text colour. Default:
 *   `#b3261e`.
 */
export class TwitterCompleteSignup extends BaseElement {
  static override tagName = 'twitter-complete-signup';
  static override texts = TEXTS;

  static override styles = css`
    :host {
      display: block;
      font: var(--twitter-connect-font, inherit);
    }
    :host([hidden]) {
      display: none;
    }
    form {
      display: grid;
      gap: 0.75em;
      max-inline-size: 28em;
    }
    [part~='field'] {
      display: grid;
      gap: 0.25em;
    }
    input {
      font: inherit;
      padding: 0.4em 0.5em;
    }
    input[aria-invalid='true'] {
      outline: 2px solid var(--twitter-connect-error-color, #b3261e);
    }
    [part~='error'],
    [part~='errors'] {
      color: var(--twitter-connect-error-color, #b3261e);
      margin: 0;
    }
    [part~='errors'] ul {
      margin: 0;
      padding-inline-start: 1.2em;
    }
    [part~='hint'] {
      margin: 0;
    }
    button {
      justify-self: start;
      padding: 0.6em 1.2em;
      border: none;
      border-radius: var(--twitter-connect-radius, 9999px);
      background: var(--twitter-connect-background, #1565c0);
      color: var(--twitter-connect-color, #ffffff);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    button[aria-disabled='true'] {
      cursor: progress;
      opacity: 0.85;
    }
    [hidden] {
      display: none;
    }
  `;

  /** Registration endpoint the form posts to. */
  @property() action = '/users';

  /** Sent as `X-CSRF-Token`. Unset: `<meta name="csrf-token">`. */
  @property({ attribute: 'csrf-token' }) csrfToken: string | undefined;

  /**
   * The `id` of the `<twitter-connect>` whose `pending` opens this form.
   * Unset: a `pending` from any of them.
   */
  @property({ attribute: 'for' }) htmlFor: string | undefined;

  /** Seconds the registration request may take. */
  @property({ type: Number }) timeout = 15;

  /** The Twitter profile to prefill from; set by a `pending` event. */
  @property({ attribute: false }) profile: TwitterProfile | null = null;

  @state() private formState: SignupState = 'hidden';
  @state() private values: Values = { email: '', name: '', nickname: '' };
  @state() private fieldErrors: FieldErrors = {};
  @state() private formErrors: string[] = [];
  private request: AbortController | null = null;
  /** What gets the focus after the next render. */
  private focusAfterRender: SignupField | 'done' | null = null;

  /** Where the form is (read-only). */
  get state(): SignupState {
    return this.formState;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pending', this.onPending);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pending', this.onPending);
    this.request?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('profile')) return;
    const profile = this.profile;
    this.values = {
      email: textOf(profile?.email),
      name: textOf(profile?.name),
      nickname: textOf(profile?.nickname),
    };
    this.fieldErrors = {};
    this.formErrors = [];
    this.formState = profile ? 'editing' : 'hidden';
    this.focusAfterRender = profile ? 'email' : null;
  }

  protected override updated(): void {
    if (!this.focusAfterRender) return;
    this.renderRoot
      .querySelector<HTMLElement>(`#${this.focusAfterRender}`)
      ?.focus();
    this.focusAfterRender = null;
  }

  private onPending = (event: CustomEvent<PendingDetail>): void => {
    // The first node of the path: retargeting hides a button that sits in
    // another component's shadow root.
    const source = event.composedPath()[0];
    if (
      this.htmlFor &&
      !(source instanceof Element && source.id === this.htmlFor)
    )
      return;
    this.profile = event.detail.profile;
  };

  /** Submits the form as the submit button does (validation included). */
  submit(): void {
    this.renderRoot.querySelector('form')?.requestSubmit();
  }

  /** Enter that confirms an IME composition must not submit the form. */
  private onKeydown(event: KeyboardEvent): void {
    // keyCode 229: Safari reports the composing Enter this way.
    if (event.key === 'Enter' && (event.isComposing || event.keyCode === 229)) {
      event.preventDefault();
    }
  }

  /** Takes every field from the DOM: autofill may have set another one. */
  private onInput(): void {
    this.values = this.fieldValues();
  }

  private fieldValues(): Values {
    const values = { ...this.values };
    for (const field of SIGNUP_FIELDS)
      values[field] = this.input(field)?.value ?? values[field];
    return values;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.formState !== 'editing') return; // One request at a time.
    // Autofill can set a value without an `input` event: read the fields.
    const values = this.fieldValues();
    this.values = values;
    const problem = this.emailProblem();
    if (problem) {
      this.fieldErrors = { email: [problem] };
      this.formErrors = [];
      this.focusAfterRender = 'email';
      return;
    }
    this.fieldErrors = {};
    this.formErrors = [];
    this.formState = 'submitting';
    const result = await this.post(values);
    if (result === null) return; // Disconnected while posting.
    if (result.ok) {
      this.formState = 'done';
      // The form the focus was in is gone: keep the focus on its result.
      this.focusAfterRender = 'done';
      emit(this, 'signup-complete', {
        user: result.user,
        response: result.body,
      });
      return;
    }
    this.formState = 'editing';
    this.fieldErrors = result.fields;
    this.formErrors = result.messages;
    this.focusAfterRender =
      SIGNUP_FIELDS.find((field) => result.fields[field]) ?? null;
    emit(this, 'signup-failed', {
      errors: result.messages,
      status: result.status,
    });
  }

  private emailProblem(): string | null {
    const input = this.input('email');
    if (!this.values.email.trim()) return this.text('text-email-missing');
    if (input && !input.checkValidity()) return this.text('text-email-invalid');
    return null;
  }

  private async post(
    values: Values,
  ): Promise<
    | { ok: true; user: Record<string, unknown> | null; body: unknown }
    | { ok: false; messages: string[]; fields: FieldErrors; status?: number }
    | null
  > {
    const controller = new AbortController();
    this.request = controller;
    let timedOut = false;
    const seconds =
      Number.isFinite(this.timeout) && this.timeout > 0 ? this.timeout : 15;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, seconds * 1000);
    const token =
      this.csrfToken ??
      document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')
        ?.content;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    if (token) headers['X-CSRF-Token'] = token;
    try {
      const response = await fetch(this.action, {
        method: 'POST',
        headers,
        credentials: 'same-origin',
        body: JSON.stringify({ user: values }),
        signal: controller.signal,
      });
      const { status } = response;
      const body: unknown = await response.json().catch(() => null);
      // A registration answers JSON (or 204). A 2xx HTML page is what a
      // redirect to a login page or a proxy's error page looks like after
      // fetch followed it: no account was made.
      if (
        response.ok &&
        !response.redirected &&
        (isRecord(body) || status === 204)
      ) {
        const user =
          isRecord(body) && isRecord(body.user)
            ? body.user
            : isRecord(body)
              ? body
              : null;
        return { ok: true, user, body };
      }
      const parsed = status === 422 ? parseSignupErrors(body) : null;
      // Django answers a bad CSRF token with 403, Laravel with 419.
      if (parsed?.sessionExpired || status === 403 || status === 419) {
        return {
          ok: false,
          messages: [this.text('text-expired')],
          fields: {},
          status,
        };
      }
      if (parsed)
        return {
          ok: false,
          messages: parsed.messages,
          fields: parsed.fields,
          status,
        };
      return {
        ok: false,
        messages: [this.text('text-generic')],
        fields: {},
        status,
      };
    } catch {
      if (controller.signal.aborted && !timedOut) return null;
      return {
        ok: false,
        messages: [this.text(timedOut ? 'text-timeout' : 'text-network')],
        fields: {},
      };
    } finally {
      clearTimeout(timer);
      if (this.request === controller) this.request = null;
    }
  }

  private input(field: SignupField): HTMLInputElement | null {
    return (
      this.renderRoot?.querySelector<HTMLInputElement>(`#${field}`) ?? null
    );
  }

  private renderFieldError(field: SignupField, errors: string[]) {
    // One line: the message is the paragraph's whole text, as tests and
    // assistive technology read it.
    const text = errors.join(' ');
    return html`<p part="error error-${field}" id="${field}-error">${text}</p>`;
  }

  private renderField(field: SignupField) {
    const errors = this.fieldErrors[field];
    const describedBy = [
      errors ? `${field}-error` : '',
      field === 'email' ? 'hint' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return html`
      <div part="field field-${field}">
        <label part="label label-${field}" for=${field}
          >${this.text(`label-${field}`)}</label
        >
        <input
          part="input input-${field}"
          id=${field}
          name=${field}
          type=${field === 'email' ? 'email' : 'text'}
          autocomplete=${AUTOCOMPLETE[field]}
          ?required=${field === 'email'}
          aria-invalid=${errors ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          .value=${this.values[field]}
          @input=${this.onInput}
        />
        ${errors ? this.renderFieldError(field, errors) : nothing}
      </div>
    `;
  }

  protected override render() {
    if (this.formState === 'hidden') return nothing;
    if (this.formState === 'done') {
      const done = this.text('text-done');
      // One line, so the message is the paragraph's whole text.
      // prettier-ignore
      return html`<p part="done" id="done" role="status" tabindex="-1">${done}</p>`;
    }
    const submitting = this.formState === 'submitting';
    return html`
      <form
        part="form"
        novalidate
        aria-busy=${submitting}
        @submit=${this.onSubmit}
        @keydown=${this.onKeydown}
      >
        <p part="hint" id="hint">${this.text('text-hint')}</p>
        ${SIGNUP_FIELDS.map((field) => this.renderField(field))}
        <div part="errors" role="status">
          ${
            this.formErrors.length
              ? html`<ul>
                  ${this.formErrors.map((message) => html`<li>${message}</li>`)}
                </ul>`
              : nothing
          }
        </div>
        <button part="submit" type="submit" aria-disabled=${submitting}>
          ${this.text(submitting ? 'text-submitting' : 'text-submit')}
        </button>
      </form>
    `;
  }
}

/** The properties a page or a framework binding sets. */
export type TwitterCompleteSignupSettings = Pick<
  TwitterCompleteSignup,
  'action' | 'csrfToken' | 'htmlFor' | 'timeout' | 'profile'
>;

declare global {
  interface HTMLElementTagNameMap {
    'twitter-complete-signup': TwitterCompleteSignup;
  }
}
