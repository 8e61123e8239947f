import { type Session, type WebContents, app } from 'electron';
import { isAllowedNavigation } from '../windows/main-window-options';
import { withContentSecurityPolicy } from './content-security-policy';

/**
 * Sends our CSP with the app's pages and refuses every web permission (glue; decisions in this folder).
 * No web permission (camera, notifications, geolocation, clipboard reads…) is ever granted: the UI
 * needs none, and a page that asks for one is not behaving as ours does. OS notifications come from
 * the main process, which needs no permission. The Electron spec window-and-security checks it.
 */
export function setupSessionSecurity(target: Session, appUrl: string): () => void {
  target.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: withContentSecurityPolicy(details.url, details.responseHeaders, appUrl) }),
  );
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  return () => {
    target.webRequest.onHeadersReceived(null);
    target.setPermissionRequestHandler(null);
    target.setPermissionCheckHandler(null);
  };
}

/** Locks every web contents the app ever creates: no navigation away from our page, no new windows, no webviews. */
export function setupNavigationLocks(appUrl: string): () => void {
  const lock = (_event: Electron.Event, contents: WebContents): void => {
    const refuseForeign = (event: Electron.Event, url: string): void => {
      if (!isAllowedNavigation(url, appUrl)) event.preventDefault();
    };
    contents.on('will-navigate', refuseForeign);
    contents.on('will-redirect', refuseForeign);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  };
  app.on('web-contents-created', lock);
  return () => void app.off('web-contents-created', lock);
}
