import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, mainWindowOptions } from './main-window-options';

describe('mainWindowOptions', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    expect(mainWindowOptions('/app/preload.cjs').webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('opens hidden at the default size when no place was saved', () => {
    expect(mainWindowOptions('/p')).toMatchObject({ width: 1280, height: 820, show: false, minWidth: 800, minHeight: 520 });
    expect(mainWindowOptions('/p')).not.toHaveProperty('x');
  });

  it('opens at the restored place, with the icon when one is given', () => {
    const options = mainWindowOptions('/p', { bounds: { x: 10, y: 20, width: 900, height: 600 }, maximized: false }, '/icons/512x512.png');
    expect(options).toMatchObject({ x: 10, y: 20, width: 900, height: 600, icon: '/icons/512x512.png' });
  });
});

describe('isAllowedNavigation', () => {
  const app = 'file:///opt/autoloop/out/renderer/index.html';
  it('allows only the app page itself (hash routes included)', () => {
    expect(isAllowedNavigation(`${app}#/runs/r1`, app)).toBe(true);
    expect(isAllowedNavigation('https://example.com/', app)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', app)).toBe(false);
    expect(isAllowedNavigation('file:///opt/autoloop/out/renderer/other.html', app)).toBe(false);
    expect(isAllowedNavigation('not a url', app)).toBe(false);
  });
});
