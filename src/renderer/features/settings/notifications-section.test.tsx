// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type SettingsPatch } from '../../../shared/settings';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { type Rendered, renderWithApi } from '../../testing/render';
import { NotificationsSection } from './notifications-section';

let rendered: Rendered | null = null;
afterEach(async () => {
  await rendered?.unmount();
  rendered = null;
});

describe('NotificationsSection', () => {
  it('saves the choices in the engine’s settings, where the desktop app reads them', async () => {
    const saved: SettingsPatch[] = [];
    const client = createFakeApiClient({
      'settings.set': (patch) => {
        saved.push(patch);
        return { ...DEFAULT_SETTINGS, notifications: { ...DEFAULT_SETTINGS.notifications, ...patch.notifications } };
      },
    });
    rendered = await renderWithApi(<NotificationsSection settings={DEFAULT_SETTINGS} />, client);
    const box = [...rendered.container.querySelectorAll('label')].find((label) => label.textContent?.includes('A run ended'))?.querySelector('input');
    await act(async () => box?.click());
    const submit = [...rendered.container.querySelectorAll('button')].find((button) => button.textContent?.startsWith('Save'));
    await act(async () => submit?.click());
    expect(saved).toEqual([{ notifications: { ...DEFAULT_SETTINGS.notifications, runEnded: false } }]);
  });
});
