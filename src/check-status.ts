import type {
  AuthedDetail,
  CancelledDetail,
  CheckResponse,
  FailedDetail,
  OmniAuthHash,
  PendingDetail,
} from './events.js';

/** How a flow ended: the terminal event's type and detail. */
export type FlowOutcome =
  | { type: 'authed'; detail: AuthedDetail }
  | { type: 'pending'; detail: PendingDetail }
  | { type: 'cancelled'; detail: CancelledDetail }
  | { type: 'failed'; detail: FailedDetail }
  | { type: 'blocked'; detail: { url: string } };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the check endpoint's answer (see the contract): signed in, Twitter
 * said yes but no account exists yet, or not signed in. Anything else is
 * `invalid-response`.
 */
export function outcomeOf(body: unknown, status: number): FlowOutcome {
  const invalid: FlowOutcome = {
    type: 'failed',
    detail: { reason: 'invalid-response', status },
  };
  if (!isRecord(body) || typeof body.authed !== 'boolean') return invalid;
  const response = body as CheckResponse;
  if (!response.authed)
    return { type: 'cancelled', detail: { reason: 'closed' } };
  const { authentication, user, omniauth } = response;
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
    return { type: 'pending', detail: { profile: hash.info, omniauth: hash } };
  }
  return invalid;
}

/**
 * The flow's one check request. Never rejects: every failure becomes a
 * `failed` outcome. `signal` aborts it silently (the promise then resolves
 * to null, and nobody reports it).
 */
export async function checkStatus(
  url: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<FlowOutcome | null> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal.addEventListener('abort', stop);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetch(url, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
    const { status } = response;
    if (!response.ok)
      return { type: 'failed', detail: { reason: 'http', status } };
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      if (signal.aborted) return null;
      if (timedOut) return { type: 'failed', detail: { reason: 'timeout' } };
      // An HTML login page or a truncated body, both served with 200.
      return { type: 'failed', detail: { reason: 'invalid-response', status } };
    }
    return outcomeOf(body, status);
  } catch {
    if (signal.aborted) return null;
    return {
      type: 'failed',
      detail: { reason: timedOut ? 'timeout' : 'network' },
    };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  }
}
