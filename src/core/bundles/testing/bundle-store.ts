import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunBundle } from '../../../shared/bundle';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS, type Run } from '../../../shared/records';
import { buildRun } from '../../../shared/testing/build-run';
import { ApiFailure } from '../../api-failure';
import { openDatabase } from '../../store/database';
import { createEventRetention } from '../../store/event-retention';
import { createRunsRepository } from '../../store/runs-repository';
import { createTemplateRevisionsRepository } from '../../store/template-revisions-repository';
import { bundleChecksum } from '../bundle-checksum';
import type { RunBundleDeps } from '../run-bundle';

// Real stores on temp SQLite files and a seeded run, for the bundle tests; each test file removes `folders` after each test.

export const folders: string[] = [];

export const EXPORTED_AT = new Date('2026-11-26T12:00:00.000Z');
export const IMPORTED_AT = new Date('2026-11-27T09:30:00.000Z');
export const TEMPLATE_TEXT = '# Count\nCount to 3, one number per iteration, then call complete.\n';

/** A real store on a fresh temp SQLite file, with the engine's repositories. */
export function tempStore(): RunBundleDeps & { retention: ReturnType<typeof createEventRetention> } {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-bundle-'));
  folders.push(folder);
  const db = openDatabase(join(folder, 'autoloop.db'));
  return { db, runs: createRunsRepository(db), revisions: createTemplateRevisionsRepository(db), retention: createEventRetention(db) };
}

/** A finished run with two iterations, events of every shape and a checkpoint, written through the repositories. */
export function seedRun(store: RunBundleDeps, overrides: Partial<Run> = {}): Run {
  const at = '2026-11-26T10:00:00.000Z';
  const run: Run = buildRun({
    id: 'r0123456789ab',
    name: 'count to three',
    templateRevision: store.revisions.save('demo-counter', TEMPLATE_TEXT),
    status: 'ended',
    stopReason: 'completed',
    detail: 'Completed: the agent called complete',
    iterations: 2,
    inputTokens: 120,
    outputTokens: 45,
    costUsd: 0.0123,
    limits: { maxIterations: 5, maxCostUsd: 1.5 },
    permissions: { ...DEFAULT_PERMISSIONS, rules: [{ tool: 'bash', pattern: 'npm test*', action: 'allow' }] },
    workdir: '/tmp/work',
    sandbox: 'bwrap',
    network: ['api.github.com'],
    verify: [],
    mcp: [],
    scheduleId: null,
    createdAt: at,
    startedAt: at,
    endedAt: '2026-11-26T10:05:00.000Z',
    ...overrides,
  });
  store.runs.insertRun({ run, loop: { ...DEFAULT_LOOP_OPTIONS, intervalMs: 2_000 }, params: { target: 3, verbose: true } });
  for (const n of [1, 2]) {
    store.runs.saveIteration({
      runId: run.id,
      n,
      status: n === 1 ? 'error' : 'ok',
      summary: `counted ${n}`,
      durationMs: 1_500 * n,
      inputTokens: 60,
      outputTokens: 20 + n,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: null,
      startedAt: at,
      endedAt: at,
      commit: null,
    });
  }
  store.runs.appendEvents([
    { runId: run.id, iteration: 1, kind: 'text', data: { text: 'One ✓' }, at },
    { runId: run.id, iteration: 1, kind: 'tool_call', data: { tool: 'bash', input: { command: 'echo 1', env: { B: '2', A: '1' } } }, at },
    { runId: run.id, iteration: 1, kind: 'error', data: { message: 'exit 1', stack: ['a', 'b'] }, at },
    { runId: run.id, iteration: 2, kind: 'text', data: { text: 'Two' }, at },
    { runId: run.id, iteration: 0, kind: 'notice', data: { message: 'done', truncated: false }, at },
  ]);
  store.runs.saveCheckpoint(
    run.id,
    1,
    [
      { role: 'user', content: 'Count' },
      { role: 'assistant', content: [{ type: 'text', text: 'One' }] },
    ],
    false,
  );
  store.runs.saveCheckpoint(run.id, 2, [{ role: 'assistant', content: 'Two' }], false);
  return run;
}

/** Everything stored about a run, for comparing before and after. */
export function snapshot(store: RunBundleDeps, id: string) {
  const row = store.runs.getRun(id);
  return {
    row,
    template: row ? store.revisions.text(row.run.templateRevision) : null,
    iterations: store.runs.listIterations(id),
    events: store.runs.listAllEvents(id),
    messages: store.runs.loadConversation(id),
  };
}

/** The same bundle, changed and signed again, as a careless tool (not a tamperer) would write it. */
export function resigned(bundle: RunBundle, change: (copy: RunBundle) => void): RunBundle {
  const copy = structuredClone(bundle);
  change(copy);
  return { ...copy, checksum: bundleChecksum(copy) };
}

export async function refusal(action: () => unknown): Promise<ApiFailure> {
  try {
    await action();
  } catch (error) {
    if (error instanceof ApiFailure) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
