import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LOOP_OPTIONS } from '../../../shared/records';
import { buildRun } from '../../../shared/testing/build-run';
import { openDatabase } from '../database';
import { createRunsRepository } from '../runs-repository';

/** The clock of the damaged-database tests, and the suffix a file moved aside at that time gets. */
export const NOW = new Date('2026-11-26T10:00:00.000Z');
export const MOVED_SUFFIX = '.damaged-2026-11-26T10-00-00Z';

const folders: string[] = [];

/** A database path in a fresh temp folder (removed by `removeTempFiles`). */
export function tempFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-damaged-'));
  folders.push(folder);
  return join(folder, 'autoloop.db');
}

/** Removes every folder `tempFile` made; for `afterEach`. */
export function removeTempFiles(): void {
  folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true }));
}

/** A real, closed Autoloop database with a run and enough events to span many pages. */
export function realDatabase(): string {
  const file = tempFile();
  const db = openDatabase(file);
  const runs = createRunsRepository(db);
  runs.insertRun({
    run: buildRun({
      template: 'demo',
      status: 'ended',
      stopReason: 'completed',
      iterations: 1,
      model: 'scripted/demo',
      createdAt: NOW.toISOString(),
    }),
    loop: DEFAULT_LOOP_OPTIONS,
    params: {},
  });
  runs.appendEvents(
    Array.from({ length: 2_000 }, (_, i) => ({
      runId: 'r1',
      iteration: 1,
      kind: 'text' as const,
      data: { text: `line ${i} ${'x'.repeat(80)}` },
      at: NOW.toISOString(),
    })),
  );
  db.close();
  return file;
}
