import { css, html, nothing, type PropertyValues } from 'lit';
import { BaseElement, meta } from './base-element.js';
import { isRecord, later } from './check-status.js';
import { emit, type PendingDetail, type TwitterProfile } from './events.js';
import {
  parseSignupErrors,
  SIGNUP_FIELDS,
  type SignupField,
} from './signup-errors.js';

/** Where the form is: no profile yet, filling in, posting, or registered. */
export type SignupState = 'hidden' | 'editing' | 'submitting' | 'done';

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
 * @cssproperty --twitter-connect-focus-ring - The submit button's focus
 *   outline colour. Default: `#0f1419`.
 * @cssproperty --twitter-connect-error-color - Error text colour. Default:
 *   `#b3261e`.
 */
export class TwitterCompleteSignup extends BaseElement {
  static override tagName = 'twitter-complete-signup';
  static override texts = TEXTS;

  static override properties = {
    action: {},
    csrfToken: { attribute: 'csrf-token' },
    htmlFor: { attribute: 'for' },
    timeout: { type: Number },
    profile: { attribute: false },
    formState: { state: true },
    values: { state: true },
    fieldErrors: { state: true },
    formErrors: { state: true },
  };

  static override styles = [
    BaseElement.styles,
    css`
      :host {
        display: block;
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
      }
      button[aria-disabled='true'] {
        cursor: progress;
        opacity: 0.85;
      }
    `,
  ];

  /** Registration endpoint the form posts to. */
  action = '/users';

  /** Sent as `X-CSRF-Token`. Unset: `<meta name="csrf-token">`. */
  csrfToken: string | undefined;

  /**
   * The `id` of the `<twitter-connect>` whose `pending` opens this form.
   * Unset: a `pending` from any of them.
   */
  htmlFor: string | undefined;

  /** Seconds the registration request may take. */
  timeout = 15;

  /** The Twitter profile to prefill from; set by a `pending` event. */
  profile: TwitterProfile | null = null;

  private formState: SignupState = 'hidden';
  private values: Values = { email: '', name: '', nickname: '' };
  private fieldErrors: FieldErrors = {};
  private formErrors: string[] = [];
  #request: AbortController | null = null;
  /** The id of what gets the focus after the next render. */
  #focus: SignupField | 'done' | null = null;

  /** Where the form is (read-only). */
  get state(): SignupState {
    return this.formState;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pending', this.#onPending);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pending', this.#onPending);
    this.#request?.abort();
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
    this.#focus = profile ? 'email' : null;
  }

  protected override updated(): void {
    if (!this.#focus) return;
    this.renderRoot.querySelector<HTMLElement>(`#${this.#focus}`)?.focus();
    this.#focus = null;
  }

  #onPending = (event: CustomEvent<PendingDetail>): void => {
    // The first node of the path: retargeting hides a button that sits in
    // another component's shadow root.
    const source = event.composedPath()[0] as Element;
    if (!this.htmlFor || source.id === this.htmlFor) {
      this.profile = event.detail.profile;
    }
  };

  /** Submits the form as the submit button does (validation included). */
  submit(): void {
    this.renderRoot.querySelector('form')?.requestSubmit();
  }

  /** Enter that confirms an IME composition must not submit the form. */
  #onKeydown(event: KeyboardEvent): void {
    // keyCode 229: Safari reports the composing Enter this way.
    if (event.key === 'Enter' && (event.isComposing || event.keyCode === 229)) {
      event.preventDefault();
    }
  }

  /** Every field from the DOM: autofill may have set one without `input`. */
  #fieldValues(): Values {
    const values = { ...this.values };
    for (const field of SIGNUP_FIELDS) {
      values[field] = this.#input(field)?.value ?? values[field];
    }
    return values;
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.formState !== 'editing') return; // One request at a time.
    const values = (this.values = this.#fieldValues());
    const email = this.#input('email');
    const problem = !values.email.trim()
      ? 'text-email-missing'
      : email && !email.checkValidity()
        ? 'text-email-invalid'
        : '';
    this.formErrors = [];
    this.fieldErrors = problem ? { email: [this.text(problem)] } : {};
    if (problem) {
      this.#focus = 'email';
      return;
    }
    this.formState = 'submitting';
    const controller = (this.#request = new AbortController());
    let failure = 'text-network';
    const timer = later(
      () => {
        failure = 'text-timeout';
        controller.abort();
      },
      (this.timeout > 0 && this.timeout < Infinity ? this.timeout : 15) * 1000,
    );
    const token = this.csrfToken ?? meta('csrf-token');
    let messages = [this.text('text-generic')];
    let fields: FieldErrors = {};
    let status: number | undefined;
    try {
      const response = await fetch(this.action, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          ...(token ? { 'X-CSRF-Token': token } : {}),
        },
        credentials: 'same-origin',
        body: JSON.stringify({ user: values }),
        signal: controller.signal,
      });
      status = response.status;
      const body: unknown = await response.json().catch(() => null);
      // A registration answers JSON (or 204). A 2xx HTML page is what a
      // redirect to a login page or a proxy's error page looks like after
      // fetch followed it: no account was made.
      if (
        response.ok &&
        !response.redirected &&
        (isRecord(body) || status === 204)
      ) {
        this.formState = 'done';
        // The form the focus was in is gone: keep the focus on its result.
        this.#focus = 'done';
        const user = isRecord(body) && isRecord(body.user) ? body.user : body;
        emit(this, {
          type: 'signup-complete',
          detail: { user: isRecord(user) ? user : null, response: body },
        });
        return;
      }
      const parsed = status === 422 ? parseSignupErrors(body) : null;
      // Django answers a bad CSRF token with 403, Laravel with 419.
      if (parsed?.sessionExpired || status === 403 || status === 419) {
        messages = [this.text('text-expired')];
      } else if (parsed) {
        ({ messages, fields } = parsed);
      }
    } catch {
      if (failure === 'text-network' && controller.signal.aborted) return;
      messages = [this.text(failure)];
    } finally {
      clearTimeout(timer);
      if (this.#request === controller) this.#request = null;
    }
    this.formState = 'editing';
    this.fieldErrors = fields;
    this.formErrors = messages;
    this.#focus = SIGNUP_FIELDS.find((field) => fields[field]) ?? null;
    emit(this, { type: 'signup-failed', detail: { errors: messages, status } });
  }

  #input(field: SignupField): HTMLInputElement | null {
    return this.renderRoot?.querySelector(`#${field}`) ?? null;
  }

  #renderField(field: SignupField) {
    const errors = this.fieldErrors[field];
    const email = field === 'email';
    const describedBy = [errors && `${field}-error`, email && 'hint']
      .filter(Boolean)
      .join(' ');
    // The error is one line: the message is the paragraph's whole text, as
    // tests and assistive technology read it.
    return html`
      <div part="field field-${field}">
        <label part="label label-${field}" for=${field}
          >${this.text(`label-${field}`)}</label
        >
        <input
          part="input input-${field}"
          id=${field}
          name=${field}
          type=${email ? 'email' : 'text'}
          autocomplete=${field}
          ?required=${email}
          aria-invalid=${!!errors}
          aria-describedby=${describedBy || nothing}
          .value=${this.values[field]}
          @input=${() => (this.values = this.#fieldValues())}
        />
        ${
          errors
            ? // prettier-ignore
              html`<p part="error error-${field}" id="${field}-error">${errors.join(' ')}</p>`
            : nothing
        }
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
        @submit=${this.#onSubmit}
        @keydown=${this.#onKeydown}
      >
        <p part="hint" id="hint">${this.text('text-hint')}</p>
        ${SIGNUP_FIELDS.map((field) => this.#renderField(field))}
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
