/** A host as a proxy request names it, lower-cased, without a trailing dot or IPv6 brackets. */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/**
 * Whether a run's allowlist lets its commands reach `host`: an exact name or address, or `*.example.com` for any
 * subdomain of example.com (not example.com itself). Pure.
 */
export function isHostAllowed(host: string, allowlist: ReadonlyArray<string>): boolean {
  const wanted = normalizeHost(host);
  if (wanted === '') return false;
  return allowlist.some((entry) => {
    const allowed = normalizeHost(entry);
    return allowed.startsWith('*.') ? wanted.endsWith(allowed.slice(1)) && wanted.length > allowed.length - 1 : wanted === allowed;
  });
}

/** Host and port of a CONNECT target (`host:443`, `[::1]:443`); null when it is not one. */
export function parseConnectTarget(target: string): Readonly<{ host: string; port: number }> | null {
  const match = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(target.trim());
  if (!match?.[1] || !match[2]) return null;
  const port = Number(match[2]);
  return port > 0 && port < 65_536 ? { host: normalizeHost(match[1]), port } : null;
}
