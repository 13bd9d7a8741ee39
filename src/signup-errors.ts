/**
 * Turns a registration endpoint's error answer into messages for people.
 * Rails answers 422 in three shapes: `{"errors": ["Email can't be blank"]}`
 * (`full_messages`), `{"errors": {"email": ["is taken"]}}` (the errors
 * hash), or `{"error": "..."}`; and its own 422 page for a stale CSRF token
 * is `{"status": 422, "error": "Unprocessable Entity"}`.
 */
import { isRecord } from './check-status.js';

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

const capitalise = (word: string) =>
  word.charAt(0).toUpperCase() + word.slice(1).replace(/_/g, ' ');

/** Reads a 422 body; returns null when it holds no message at all. */
export function parseSignupErrors(body: unknown): SignupErrors | null {
  if (!isRecord(body)) return null;
  const { errors, error } = body;
  const result: SignupErrors = {
    messages: [],
    fields: {},
    sessionExpired: false,
  };
  /**
   * Adds one message. `key` is the errors hash key it came under; a key
   * that is not a field (`base`, `email_address`) leaves it to the full
   * message ("Email has already been taken") to name its field first.
   */
  const add = (message: unknown, key?: string) => {
    if (typeof message !== 'string' || !message.trim()) return;
    // `base` errors are about the whole record: no key in front.
    const text =
      key && key !== 'base' ? `${capitalise(key)} ${message}` : message;
    const lower = text.toLowerCase();
    const field =
      SIGNUP_FIELDS.find((name) => name === key) ??
      SIGNUP_FIELDS.find((name) => lower.startsWith(`${name} `));
    result.messages.push(text);
    if (field) (result.fields[field] ??= []).push(text);
  };
  if (Array.isArray(errors)) errors.forEach((message) => add(message));
  else if (isRecord(errors)) {
    for (const [key, value] of Object.entries(errors)) {
      [value].flat().forEach((message) => add(message, key));
    }
  }
  if (typeof error === 'string' && !result.messages.length) {
    if (body.status === 422 && error === 'Unprocessable Entity') {
      result.sessionExpired = true;
    } else add(error);
  }
  return result.messages.length || result.sessionExpired ? result : null;
}
