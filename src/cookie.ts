/** The flow cookie that tells the server "render the close page". */

/**
 * The cookie's value, `''` when set empty, or null when absent. `name` is
 * a checked cookie name (`[\w-]+`), safe inside a pattern.
 */
export function readCookie(name: string): string | null {
  const match = document.cookie.match(`(?:^|;) *${name}(?:=([^;]*))?(?:;|$)`);
  return match ? decodeURIComponent((match[1] ?? '').trim()) : null;
}

/**
 * Sets the cookie for one flow, for `maxAge` seconds, or deletes it with 0
 * (an empty value is not enough: Rails reads `""` as true, so a server that
 * "clears" it with `cookies[:name] = nil` would still render the close page
 * on the next sign-in). Site-wide path so the OAuth callback sees it, and
 * SameSite=Lax because the provider's redirect back to the callback is a
 * cross-site top-level navigation, which Strict would strip.
 */
export function writeCookie(name: string, value: string, maxAge: number): void {
  const secure = location.protocol === 'https:' ? '; secure' : '';
  const attributes = `path=/; max-age=${maxAge}; samesite=lax${secure}`;
  document.cookie = `${name}=${encodeURIComponent(value)}; ${attributes}`;
}
