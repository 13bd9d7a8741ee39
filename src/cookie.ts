/** The flow cookie that tells the server "render the close page". */

/** The cookie's value, `''` when set empty, or null when absent. */
export function readCookie(name: string): string | null {
  for (const pair of document.cookie.split(';')) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    if (key === name)
      return eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).trim());
  }
  return null;
}

/**
 * Sets the cookie for one flow: site-wide path so the OAuth callback sees
 * it, ten minutes at most, and SameSite=Lax because the provider's redirect
 * back to the callback is a cross-site top-level navigation, which Strict
 * would strip.
 */
export function setFlowCookie(name: string, value: string): void {
  const secure = location.protocol === 'https:' ? '; secure' : '';
  const attributes = `path=/; max-age=600; samesite=lax${secure}`;
  document.cookie = `${name}=${encodeURIComponent(value)}; ${attributes}`;
}

/**
 * Deletes the cookie. An empty value is not enough: Rails reads `""` as
 * true, so a server that "clears" it with `cookies[:name] = nil` would
 * still render the close page on the next sign-in.
 */
export function deleteCookie(name: string): void {
  const secure = location.protocol === 'https:' ? '; secure' : '';
  document.cookie = `${name}=; path=/; max-age=0; samesite=lax${secure}`;
}
