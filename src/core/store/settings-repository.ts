import { DEFAULT_SETTINGS, type Settings, SettingsPatch, applySettingsPatch } from '../../shared/settings';
import type { Db } from './database';

const KEY = 'engine';

/** The settings, stored as one JSON value; a broken stored value falls back to the defaults, loudly. */
export function createSettingsRepository(db: Db, onInvalid: (message: string) => void) {
  const read = db.prepare('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  let cached: Settings | null = null;

  function load(): Settings {
    const row = read.get(KEY) as { value: string } | undefined;
    if (!row) return DEFAULT_SETTINGS;
    let stored: unknown;
    try {
      stored = JSON.parse(row.value);
    } catch {
      stored = null;
    }
    const parsed = SettingsPatch.safeParse(stored);
    if (!parsed.success) {
      onInvalid('The stored settings are not valid and were ignored; the defaults apply until you save new ones.');
      return DEFAULT_SETTINGS;
    }
    return applySettingsPatch(DEFAULT_SETTINGS, parsed.data);
  }

  return {
    get(): Settings {
      cached ??= load();
      return cached;
    },
    update(patch: SettingsPatch): Settings {
      const next = applySettingsPatch(this.get(), patch);
      write.run(KEY, JSON.stringify(next));
      cached = next;
      return next;
    },
  };
}

export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
