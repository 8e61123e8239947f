import { app } from 'electron';
import type { Logger } from '../../core/logger';
import { DEEP_LINK_SCHEME, type DeepLink, deepLinkFromArgv, parseDeepLink } from './deep-link';

/**
 * Opens `autoloop://run/<id>` links (glue; parsing in deep-link.ts): macOS sends `open-url`
 * (possibly before ready, so call this early), Windows and Linux start a second instance whose
 * arguments carry the URL, and the first launch may carry one too.
 */
export function setupDeepLinks(open: (link: DeepLink) => void, log: Logger): () => void {
  // Only a packaged app registers itself: a development build would claim the scheme for a bare Electron binary.
  if (app.isPackaged && !app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)) log.warn(`could not register ${DEEP_LINK_SCHEME}:// links`);
  const onOpenUrl = (event: Electron.Event, url: string): void => {
    event.preventDefault();
    const link = parseDeepLink(url);
    if (link) open(link);
    else log.warn(`ignored a link Autoloop does not open: ${url.slice(0, 100)}`);
  };
  const onSecondInstance = (_event: Electron.Event, argv: string[]): void => {
    const link = deepLinkFromArgv(argv);
    if (link) open(link);
  };
  app.on('open-url', onOpenUrl);
  app.on('second-instance', onSecondInstance);
  const first = deepLinkFromArgv(process.argv);
  if (first) open(first);
  return () => {
    app.off('open-url', onOpenUrl);
    app.off('second-instance', onSecondInstance);
  };
}
