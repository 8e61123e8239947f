import { type Session, type WebContents, app } from 'electron';
import { isAllowedNavigation } from '../windows/main-window-options';
import { withContentSecurityPolicy } from './content-security-policy';
import { permissionDecision } from './permission-decision';

/** Sends our CSP with the app's pages and refuses every web permission (glue; decisions in this folder). */
export function setupSessionSecurity(target: Session, appUrl: string): () => void {
  target.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withContentSecurityPolicy(details.url, details.responseHeaders, appUrl) }));
  target.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionDecision(permission)));
  target.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
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
