/** Every event the two elements fire, for the log and the gallery. */
export const ELEMENT_EVENTS = [
  'authed',
  'pending',
  'cancelled',
  'failed',
  'blocked',
  'signup-complete',
  'signup-failed',
] as const;
