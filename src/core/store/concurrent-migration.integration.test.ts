import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';
import { latestSchemaVersion, migrate } from './database';
import { migrations } from './migrations/index';

const JITI_CLI = join(REPO_ROOT, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs');
const CHILD = join(REPO_ROOT, 'src', 'core', 'store', 'testing', 'open-database-when-told.ts');

/** Loading TypeScript through jiti takes a few seconds on a busy 2-core machine. */
const READY_WAIT_MS = 30_000;

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A database at schema version 1 with one run in it, as an older Autoloop left it. */
function versionOneDatabase(): string {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-migrate-'));
  folders.push(folder);
  const file = join(folder, 'autoloop.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrate(db, file, migrations.slice(0, 1));
  db.prepare(
    `INSERT INTO runs (id, name, template, template_revision, status, limits, permissions, model, workdir, loop, params, created_at)
     VALUES ('r1', 'old run', 'demo', 'sha', 'ended', '{}', '{}', '{}', '/tmp', '{}', '{}', '2026-01-01T00:00:00.000Z')`,
  ).run();
  db.close();
  return file;
}

type Opener = Readonly<{ isReady(): boolean; exited: Promise<{ code: number | null; stdout: string; stderr: string }> }>;

function openInChild(file: string, goFile: string): Opener {
  const child = spawn(process.execPath, [JITI_CLI, CHILD, file, goFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return {
    isReady: () => stdout.startsWith('ready\n') || child.exitCode !== null,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout: stdout.replace('ready\n', ''), stderr }))),
  };
}

describe('two processes opening an older database at once', () => {
  it('migrate it exactly once between them, and both open it', async () => {
    for (let round = 0; round < 3; round += 1) {
      const file = versionOneDatabase();
      const goFile = `${file}.go`;
      const openers = [openInChild(file, goFile), openInChild(file, goFile)];
      // Both children are loaded and spinning on the go file before either opens the database.
      await waitUntil(() => openers.every((opener) => opener.isReady()), 'both children to be ready', READY_WAIT_MS);
      writeFileSync(goFile, '');
      const results = await Promise.all(openers.map((opener) => opener.exited));
      for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0, stdout: String(latestSchemaVersion()) });
      const db = new Database(file, { readonly: true });
      const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
      expect(applied).toEqual(migrations.map((migration) => ({ version: migration.version })));
      expect(db.prepare('SELECT name FROM runs').all()).toEqual([{ name: 'old run' }]);
      db.close();
    }
  }, 60_000);
});
