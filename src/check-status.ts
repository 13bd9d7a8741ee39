import type {
  CheckResponse,
  EventOf,
  FailReason,
  OmniAuthHash,
  TwitterConnectEventMap,
} from './events.js';

/** How a flow ended: the terminal event's type and detail. */
export type FlowOutcome = EventOf<TwitterConnectEventMap>;

/**
 * `setTimeout` for any delay. Its delay is a WebIDL `long`: above 2^31 - 1
 * ms (about 24.8 days) it wraps around, and the timer fires at once.
 */
export const later = (run: () => void, ms: number) =>
  setTimeout(run, Math.min(ms, 2 ** 31 - 1));

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the check endpoint's answer (see the contract): signed in, Twitter
 * said yes but no account exists yet, or not signed in. Anything else is
 * `invalid-response`.
 */
export function outcomeOf(body: unknown, status: number): FlowOutcome {
  if (isRecord(body) && typeof body.authed === 'boolean') {
    const response = body as CheckResponse;
    const { authentication, user, omniauth } = response;
    if (!response.authed)
      return { type: 'cancelled', detail: { reason: 'closed' } };
    if (isRecord(authentication) || isRecord(user)) {
      return {
        type: 'authed',
        detail: {
          authentication: isRecord(authentication) ? authentication : null,
          user: isRecord(user) ? user : null,
          response,
        },
      };
    }
    if (isRecord(omniauth) && isRecord(omniauth.info)) {
      const hash = omniauth as OmniAuthHash;
      return {
        type: 'pending',
        detail: { profile: hash.info, omniauth: hash },
      };
    }
  }
  return { type: 'failed', detail: { reason: 'invalid-response', status } };
}

/**
 * The flow's one check request. Never rejects: every failure becomes a
 * `failed` outcome, with the HTTP status when the server answered.
 * `signal` aborts it silently: the promise then resolves to null.
 */
export async function checkStatus(
  url: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<FlowOutcome | null> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal.addEventListener('abort', abort);
  // What went wrong if the next step throws.
  let reason: FailReason = 'network';
  let status: number | undefined;
  const timer = later(() => {
    reason = 'timeout';
    abort();
  }, timeoutMs);
  try {
    const response = await fetch(url, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
    status = response.status;
    if (!response.ok) reason = 'http';
    else {
      // An HTML login page or a truncated body, both served with 200.
      reason = 'invalid-response';
      return outcomeOf(JSON.parse(await response.text()), status);
    }
  } catch {
    if (signal.aborted) return null;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
  return {
    type: 'failed',
    detail: status ? { reason, status } : { reason },
  };
}
