import type { RunId } from '../../shared/records';

/** The URL scheme Autoloop registers: `autoloop://run/<id>` opens a run. */
export const DEEP_LINK_SCHEME = 'autoloop';
/** Longer URLs are not ours; nothing is parsed out of them. */
const MAX_DEEP_LINK_LENGTH = 256;
/** Run ids are short and plain (`r` + hex); anything else in a link is refused. */
const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** What a deep link asks for. */
export type DeepLink = Readonly<{ kind: 'run'; runId: RunId }>;

/**
 * The link in `url`, or null: only `autoloop://run/<id>` is accepted, with nothing else (no user,
 * port, query, fragment or extra path), because any app or web page can open such a URL.
 */
export function parseDeepLink(url: string): DeepLink | null {
  if (url.length > MAX_DEEP_LINK_LENGTH) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const isPlain = parsed.username === '' && parsed.password === '' && parsed.port === '' && parsed.search === '' && parsed.hash === '';
  if (parsed.protocol !== `${DEEP_LINK_SCHEME}:` || parsed.hostname.toLowerCase() !== 'run' || !isPlain) return null;
  const match = /^\/([^/]+)\/?$/.exec(parsed.pathname);
  if (!match?.[1]) return null;
  let runId: string;
  try {
    runId = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  return RUN_ID_PATTERN.test(runId) ? { kind: 'run', runId } : null;
}

/** The deep link among a launch's arguments (Windows and Linux pass the URL there), or null. */
export function deepLinkFromArgv(argv: ReadonlyArray<string>): DeepLink | null {
  for (const argument of argv) {
    if (!argument.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const link = parseDeepLink(argument);
    if (link) return link;
  }
  return null;
}
