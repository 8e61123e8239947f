/**
 * The policy for the app's own pages, sent as a response header (frame-ancestors only works
 * there). The window talks to the engine over IPC, so it needs no network at all: connect-src is
 * 'self'. React's inline `style` attributes need 'unsafe-inline' for styles, never for scripts.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The folder URL every file of the app's pages lives under (the page's own folder). */
function appFolder(appUrl: string): URL | null {
  try {
    return new URL('.', appUrl);
  } catch {
    return null;
  }
}

/** Whether a response belongs to the app's pages, so it gets our policy. */
export function isAppResource(url: string, appUrl: string): boolean {
  const folder = appFolder(appUrl);
  if (!folder) return false;
  try {
    const target = new URL(url);
    return target.protocol === folder.protocol && target.host === folder.host && target.pathname.startsWith(folder.pathname);
  } catch {
    return false;
  }
}

/**
 * The response headers with our policy laid over any the response had (case-insensitively), for
 * responses of the app's pages; other responses keep their headers unchanged.
 */
export function withContentSecurityPolicy(url: string, headers: Readonly<Record<string, string[]>> | undefined, appUrl: string): Record<string, string[]> {
  const kept = Object.fromEntries(
    Object.entries(headers ?? {}).filter(([name]) => !isAppResource(url, appUrl) || name.toLowerCase() !== 'content-security-policy'),
  );
  return isAppResource(url, appUrl) ? { ...kept, 'Content-Security-Policy': [contentSecurityPolicy()] } : kept;
}
