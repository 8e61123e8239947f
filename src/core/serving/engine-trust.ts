import { checkServerIdentity, getCACertificates, rootCertificates } from 'node:tls';
import type { PeerCertificate } from 'node:tls';
import { certificateFingerprint } from './server-file';

/**
 * How a client trusts a TLS engine. Verification is never turned off: `ca` adds certificates to the
 * system's roots (and NODE_EXTRA_CA_CERTS, which Node adds by itself), and `pinnedCert` (this
 * machine's server.json) accepts exactly that certificate whatever name it was issued for.
 */
export type EngineTrust = Readonly<{ ca?: ReadonlyArray<string | Buffer>; pinnedCert?: string }>;

/** Where a client connects: the socket URL, the token, and how to trust the engine's certificate. */
export type EngineTarget = Readonly<{ socketUrl: string; token: string; trust?: EngineTrust }>;

/** The socket URL of an engine's address (`https://box:4317` → `wss://box:4317/api`), or null when it is not one. */
export function socketUrlOfEngineUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const scheme = { 'https:': 'wss:', 'wss:': 'wss:', 'http:': 'ws:', 'ws:': 'ws:' }[url.protocol];
  if (scheme === undefined || url.username !== '' || url.password !== '') return null;
  return `${scheme}//${url.host}/api`;
}

/** What the server's HTTP answer to a refused upgrade means, for the person. */
export function refusalMessage(url: string, status: number): string {
  switch (status) {
    case 401:
      return `The engine at ${url} refused the token (HTTP 401): it is wrong, or it was revoked`;
    case 403:
      return `The engine at ${url} refused this client's origin (HTTP 403)`;
    case 421:
      return `The engine at ${url} does not answer for that host name (HTTP 421): behind a reverse proxy, start it with --public-url`;
    case 429:
      return `The engine at ${url} refuses this address for a minute after too many wrong tokens (HTTP 429)`;
    default:
      return `The engine at ${url} refused the connection (HTTP ${status})`;
  }
}

/** Node's codes for a certificate that does not verify: trying again cannot help until the person fixes the trust. */
const CERTIFICATE_ERROR_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Whether a connection error means the engine's certificate is not trusted (not that the engine is down). */
export function isCertificateError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && CERTIFICATE_ERROR_CODES.has(code);
}

function defaultCertificates(): ReadonlyArray<string> {
  return typeof getCACertificates === 'function' ? getCACertificates('default') : rootCertificates;
}

/** The `ws`/`tls` options that trust an engine as `trust` says; empty for the system's defaults. */
export function tlsOptionsOf(trust: EngineTrust | undefined): Record<string, unknown> {
  if (!trust) return {};
  // The default store is the system's roots plus NODE_EXTRA_CA_CERTS; `ca` would replace it, so it is added to.
  const ca = [...defaultCertificates(), ...(trust.ca ?? []), ...(trust.pinnedCert ? [trust.pinnedCert] : [])];
  const pinned = trust.pinnedCert ? certificateFingerprint(Buffer.from(trust.pinnedCert)) : null;
  return {
    ca,
    checkServerIdentity: (host: string, cert: PeerCertificate) =>
      pinned !== null && cert.fingerprint256 === pinned ? undefined : checkServerIdentity(host, cert),
  };
}
