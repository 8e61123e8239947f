import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { openDatabase } from './database';
import { createSettingsRepository } from './settings-repository';

describe('settings repository', () => {
  it('starts with the defaults, keeps changes across opens, and changes only what a patch names', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-settings-')), 'autoloop.db');
    const first = createSettingsRepository(openDatabase(file), () => undefined);
    expect(first.get()).toEqual(DEFAULT_SETTINGS);
    first.update({ retention: { maxAgeDays: 7 } });
    const reopened = createSettingsRepository(openDatabase(file), () => undefined);
    expect(reopened.get().retention).toEqual({ perRunMaxBytes: DEFAULT_SETTINGS.retention.perRunMaxBytes, maxAgeDays: 7 });
  });

  it('falls back to the defaults, and says so, when the stored value is broken', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-settings-')), 'autoloop.db');
    const db = openDatabase(file);
    db.prepare("INSERT INTO settings (key, value) VALUES ('engine', '{not json')").run();
    const warnings: string[] = [];
    expect(createSettingsRepository(db, (message) => warnings.push(message)).get()).toEqual(DEFAULT_SETTINGS);
    expect(warnings[0]).toContain('The stored settings are not valid');
  });
});
