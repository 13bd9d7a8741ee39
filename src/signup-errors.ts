/**
 * Turns a registration endpoint's error answer into messages for people.
 * Rails answers 422 in three shapes: `{"errors": ["Email can't be blank"]}`
 * (`full_messages`), `{"errors": {"email": ["is taken"]}}` (the errors
 * hash), or `{"error": "..."}`; and its own 422 page for a stale CSRF token
 * is `{"status": 422, "error": "Unprocessable Entity"}`.
 */

export type SignupField = 'email' | 'name' | 'nickname';
export const SIGNUP_FIELDS: readonly SignupField[] = [
  'email',
  'name',
  'nickname',
];

export interface SignupErrors {
  /** Every message, in the order to show them. */
  messages: string[];
  /** Messages that belong to one field, to mark it invalid. */
  fields: Partial<Record<SignupField, string[]>>;
  /** The server refused the CSRF token: only a reload helps. */
  sessionExpired: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const texts = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (item): item is string => typeof item === 'string' && item.trim() !== '',
  );

const capitalise = (word: string) =>
  word.charAt(0).toUpperCase() + word.slice(1).replace(/_/g, ' ');

/** Which field a full message ("Email has already been taken") is about. */
function fieldOf(message: string): SignupField | undefined {
  const lower = message.toLowerCase();
  return SIGNUP_FIELDS.find((field) => lower.startsWith(`${field} `));
}

/** Reads a 422 body; returns null when it holds no message at all. */
export function parseSignupErrors(body: unknown): SignupErrors | null {
  if (!isRecord(body)) return null;
  const result: SignupErrors = {
    messages: [],
    fields: {},
    sessionExpired: false,
  };
  const add = (message: string, field = fieldOf(message)) => {
    result.messages.push(message);
    if (field) (result.fields[field] ??= []).push(message);
  };
  const { errors, error } = body;
  if (Array.isArray(errors)) {
    texts(errors).forEach((message) => add(message));
  } else if (isRecord(errors)) {
    for (const [key, value] of Object.entries(errors)) {
      const field = SIGNUP_FIELDS.find((name) => name === key);
      // `base` errors are about the whole record, not one field.
      const prefix = key === 'base' ? '' : `${capitalise(key)} `;
      texts(value).forEach((message) => add(prefix + message, field));
    }
  }
  if (typeof error === 'string' && result.messages.length === 0) {
    if (body.status === 422 && error === 'Unprocessable Entity') {
      result.sessionExpired = true;
    } else if (error.trim()) {
      add(error);
    }
  }
  return result.messages.length || result.sessionExpired ? result : null;
}
