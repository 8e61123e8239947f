import { DEFAULT_SETTINGS, type Settings, SettingsPatch, applySettingsPatch } from '../../shared/settings';
import type { Db } from './database';
import { ApiFailure } from '../api-failure';
import { readSecretWithoutSealer } from './sealed-secret';

const KEY = 'engine';

/** Seals provider keys before they are written and opens them when read (Electron: the OS keychain). */
export type SecretSealer = Readonly<{ seal(plainText: string): string; open(sealed: string): string }>;

function mapKeys(settings: Settings, map: (key: string, provider: string) => string | undefined): Settings {
  const providers = Object.fromEntries(
    Object.entries(settings.providers).map(([name, config]) => {
      if (config.apiKey === undefined) return [name, config];
      const apiKey = map(config.apiKey, name);
      const { apiKey: _dropped, ...rest } = config;
      return [name, apiKey === undefined ? rest : { ...rest, apiKey }];
    }),
  );
  return { ...settings, providers };
}

/** The engine's settings, read once and cached. */
export interface SettingsRepository {
  get(): Settings;
  /** Applies a patch, stores the result (keys sealed when a sealer is given) and returns it. */
  update(patch: SettingsPatch): Settings;
}

/**
 * The settings, stored as one JSON value; a broken stored value falls back to the defaults, loudly.
 * With a sealer, provider keys are stored sealed and kept open only in memory.
 */
export function createSettingsRepository(db: Db, onInvalid: (message: string) => void, sealer?: SecretSealer): SettingsRepository {
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
    const settings = applySettingsPatch(DEFAULT_SETTINGS, parsed.data);
    if (!sealer) {
      return mapKeys(settings, (stored, provider) => {
        const secret = readSecretWithoutSealer(stored);
        if ('value' in secret) return secret.value;
        onInvalid(`The API key of provider ${provider} cannot be read here: ${secret.unreadable}`);
        return undefined;
      });
    }
    return mapKeys(settings, (sealed, provider) => {
      try {
        return sealer.open(sealed);
      } catch (error) {
        onInvalid(`The API key of provider ${provider} could not be read: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    });
  }

  function get(): Settings {
    cached ??= load();
    return cached;
  }

  return {
    get,
    update(patch) {
      const next = applySettingsPatch(get(), patch);
      const unsigned = next.notify.notifiers.find((notifier) => notifier.kind === 'webhook' && notifier.secret === undefined);
      if (unsigned) throw new ApiFailure('invalid_input', `notifier ${unsigned.name}: a webhook needs a secret to sign with (16 characters or more)`);
      write.run(KEY, JSON.stringify(sealer ? mapKeys(next, (key) => sealer.seal(key)) : next));
      cached = next;
      return next;
    },
  };
}
