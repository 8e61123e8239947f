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
    expect(reopened.get().retention).toEqual({ perRunMaxBytes: DEFAULT_SETTINGS.retention.perRunMaxBytes, maxAgeDays: 7, worktreeMaxAgeDays: 14 });
  });

  it('keeps the chosen agent paths across opens, and drops them all when the last is cleared', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-settings-')), 'autoloop.db');
    createSettingsRepository(openDatabase(file), () => undefined).update({ agentPaths: { codex: '/opt/codex/bin/codex' } });
    const reopened = createSettingsRepository(openDatabase(file), () => undefined);
    expect(reopened.get().agentPaths).toEqual({ codex: '/opt/codex/bin/codex' });
    // A later patch of something else keeps them.
    expect(reopened.update({ retention: { maxAgeDays: 3 } }).agentPaths).toEqual({ codex: '/opt/codex/bin/codex' });
    reopened.update({ agentPaths: {} });
    expect(createSettingsRepository(openDatabase(file), () => undefined).get()).not.toHaveProperty('agentPaths');
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

describe('settings repository with a sealer', () => {
  it('stores provider keys sealed and gives them back open', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autoloop-settings-')), 'autoloop.db');
    const db = openDatabase(file);
    const sealer = {
      seal: (text: string) => `sealed:${Buffer.from(text).toString('base64')}`,
      open: (text: string) => Buffer.from(text.slice(7), 'base64').toString(),
    };
    const repository = createSettingsRepository(db, () => undefined, sealer);
    repository.update({ providers: { local: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:1', apiKey: 'sk-secret' } } });
    const raw = db.prepare("SELECT value FROM settings WHERE key = 'engine'").pluck().get() as string;
    expect(raw).not.toContain('sk-secret');
    expect(createSettingsRepository(db, () => undefined, sealer).get().providers.local?.apiKey).toBe('sk-secret');
  });
});
