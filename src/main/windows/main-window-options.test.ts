import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, mainWindowOptions } from './main-window-options';

describe('mainWindowOptions', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    expect(mainWindowOptions('/app/preload.cjs').webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });
});

describe('isAllowedNavigation', () => {
  const app = 'file:///opt/autoloop/out/renderer/index.html';
  it('allows only the app page itself (hash routes included)', () => {
    expect(isAllowedNavigation(`${app}#/runs/r1`, app)).toBe(true);
    expect(isAllowedNavigation('https://example.com/', app)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', app)).toBe(false);
    expect(isAllowedNavigation('not a url', app)).toBe(false);
  });
});
