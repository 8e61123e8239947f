import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LOOP_OPTIONS, type Run } from '../../shared/records';
import { buildRun } from '../../shared/testing/build-run';
import { latestSchemaVersion, openDatabase } from './database';
import { migrations } from './migrations/index';
import { createRunsRepository } from './runs-repository';
import { createTemplateRevisionsRepository, revisionOf } from './template-revisions-repository';

const folders: string[] = [];
function tempFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-db-'));
  folders.push(folder);
  return join(folder, 'autoloop.db');
}
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function sampleRun(overrides: Partial<Run> = {}): Run {
  return buildRun({ limits: { maxIterations: 3 }, ...overrides });
}

describe('openDatabase', () => {
  it('creates every table from an empty file, in WAL mode with foreign keys on, and records the migration', () => {
    const db = openDatabase(tempFile());
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['runs', 'iterations', 'events', 'messages', 'template_revisions', 'settings', 'schema_migrations']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(latestSchemaVersion());
    db.close();
  });

  it('opens an already migrated file without applying anything twice', () => {
    const file = tempFile();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(migrations.length);
    db.close();
  });

  it('refuses a database written by a newer Autoloop, naming the file and what to do', () => {
    const file = tempFile();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'future', 'x');
    raw.close();
    expect(() => openDatabase(file)).toThrow(`${file} has schema version 999, but this Autoloop knows only up to ${latestSchemaVersion()}`);
  });
});

describe('runs repository', () => {
  it('stores a run and reads back exactly what the API shows', () => {
    const runs = createRunsRepository(openDatabase(tempFile()));
    const run = sampleRun({ sandbox: 'bwrap', network: ['api.github.com'] });
    runs.insertRun({ run, loop: DEFAULT_LOOP_OPTIONS, params: { target: 5 }, passEnv: ['DATABASE_URL'] });
    // The API's run shows the params it was started with, from the params column.
    expect(runs.getRun('r1')).toEqual({ run: { ...run, params: { target: 5 } }, loop: DEFAULT_LOOP_OPTIONS, params: { target: 5 }, passEnv: ['DATABASE_URL'] });
    expect(runs.updateRun('r1', { status: 'ended', stopReason: 'completed', costUsd: null })).toMatchObject({
      status: 'ended',
      stopReason: 'completed',
      costUsd: null,
    });
  });

  it('numbers events per run from 1, in order, across separate appends', () => {
    const runs = createRunsRepository(openDatabase(tempFile()));
    runs.insertRun({ run: sampleRun(), loop: DEFAULT_LOOP_OPTIONS, params: {} });
    runs.insertRun({ run: sampleRun({ id: 'r2' }), loop: DEFAULT_LOOP_OPTIONS, params: {} });
    const at = '2026-11-26T10:00:00.000Z';
    runs.appendEvents([{ runId: 'r1', iteration: 1, kind: 'text', data: { text: 'a' }, at }]);
    runs.appendEvents([
      { runId: 'r2', iteration: 1, kind: 'text', data: { text: 'x' }, at },
      { runId: 'r1', iteration: 1, kind: 'notice', data: { message: 'b' }, at },
    ]);
    expect(runs.listEvents('r1', 0, 10).map((event) => [event.seq, event.kind])).toEqual([
      [1, 'text'],
      [2, 'notice'],
    ]);
    expect(runs.listEvents('r1', 1, 10).map((event) => event.seq)).toEqual([2]);
    expect(runs.listEvents('r2', 0, 10).map((event) => event.seq)).toEqual([1]);
  });

  it('keeps the conversation checkpoint, appending per iteration and replacing after a compaction', () => {
    const runs = createRunsRepository(openDatabase(tempFile()));
    runs.insertRun({ run: sampleRun(), loop: DEFAULT_LOOP_OPTIONS, params: {} });
    runs.saveCheckpoint('r1', 1, [{ role: 'user', content: 'one' }], false);
    runs.saveCheckpoint('r1', 2, [{ role: 'user', content: 'two' }], false);
    expect(runs.loadConversation('r1')).toEqual([
      { role: 'user', content: 'one' },
      { role: 'user', content: 'two' },
    ]);
    runs.saveCheckpoint('r1', 3, [{ role: 'user', content: 'summary' }], true);
    expect(runs.loadConversation('r1')).toEqual([{ role: 'user', content: 'summary' }]);
  });

  it('upserts an iteration from running to done', () => {
    const runs = createRunsRepository(openDatabase(tempFile()));
    runs.insertRun({ run: sampleRun(), loop: DEFAULT_LOOP_OPTIONS, params: {} });
    const started = {
      runId: 'r1',
      n: 1,
      status: 'running' as const,
      summary: '',
      durationMs: null,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0,
      startedAt: 'a',
      endedAt: null,
      commit: null,
    };
    runs.saveIteration(started);
    runs.saveIteration({ ...started, status: 'ok', summary: 'done', durationMs: 12, endedAt: 'b' });
    expect(runs.listIterations('r1')).toEqual([{ ...started, status: 'ok', summary: 'done', durationMs: 12, endedAt: 'b' }]);
  });
});

describe('template revisions', () => {
  it('stores each text once under its sha256', () => {
    const revisions = createTemplateRevisionsRepository(openDatabase(tempFile()));
    const first = revisions.save('demo', 'hello');
    expect(first).toBe(revisionOf('hello'));
    expect(revisions.save('demo', 'hello')).toBe(first);
    expect(revisions.text(first)).toBe('hello');
    expect(revisions.text('missing')).toBeNull();
  });
});
