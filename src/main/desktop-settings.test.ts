import { describe, expect, it } from 'vitest';
import { DEFAULT_DESKTOP_SETTINGS, parseDesktopSettings } from './desktop-settings';

describe('parseDesktopSettings', () => {
  it('turns every notification and the approval dialogs on by default', () => {
    expect(parseDesktopSettings(null)).toEqual({ settings: DEFAULT_DESKTOP_SETTINGS, problem: null });
    expect(Object.values(DEFAULT_DESKTOP_SETTINGS.notifications).every(Boolean)).toBe(true);
    expect(DEFAULT_DESKTOP_SETTINGS.approvalDialogs).toBe(true);
  });

  it('lays a file\u2019s choices over the defaults', () => {
    const { settings } = parseDesktopSettings({ notifications: { runEnded: false }, approvalDialogs: false });
    expect(settings).toEqual({ notifications: { ...DEFAULT_DESKTOP_SETTINGS.notifications, runEnded: false }, approvalDialogs: false });
  });

  it('falls back to the defaults, with the reason, for a file it does not understand', () => {
    const parsed = parseDesktopSettings({ notifications: { runEnded: 'no' } });
    expect(parsed.settings).toEqual(DEFAULT_DESKTOP_SETTINGS);
    expect(parsed.problem).toContain('runEnded');
    expect(parseDesktopSettings({ dialogs: false }).problem).toContain('dialogs');
  });
});
