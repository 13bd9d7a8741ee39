/** Talks to the reference backend (test/server/reference-backend.mjs). */

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  contentType: string;
  accept: string;
  csrfHeader: string;
  body: Record<string, any> | null;
  /** The flow cookie the request carried, if any. */
  popupCookie: string | null;
  status: number;
}

/**
 * A fresh session, seeded users and an empty request log; puts the CSRF
 * meta tags in the page as Rails' `csrf_meta_tags` would.
 */
export async function resetBackend(): Promise<string> {
  const response = await fetch('/__backend/reset', { method: 'POST' });
  const { csrfToken, csrfParam } = await response.json();
  document.head.querySelectorAll('meta[name^="csrf-"]').forEach((meta) => meta.remove());
  for (const [name, content] of [
    ['csrf-param', csrfParam],
    ['csrf-token', csrfToken],
  ]) {
    const meta = document.createElement('meta');
    meta.name = name;
    meta.content = content;
    document.head.append(meta);
  }
  return csrfToken;
}

export async function backendLog(path?: string): Promise<LoggedRequest[]> {
  const log: LoggedRequest[] = await (await fetch('/__backend/log')).json();
  return path ? log.filter((entry) => entry.path === path) : log;
}
