import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunBundle } from '../../shared/bundle';
import { DEFAULT_LOOP_OPTIONS, DEFAULT_PERMISSIONS, type Run } from '../../shared/records';
import { ApiFailure } from '../api-failure';
import { openDatabase } from '../store/database';
import { createEventRetention } from '../store/event-retention';
import { createRunsRepository } from '../store/runs-repository';
import { createTemplateRevisionsRepository } from '../store/template-revisions-repository';
import { bundleChecksum } from './bundle-checksum';
import { type RunBundleDeps, exportRunBundle, importRunBundle } from './run-bundle';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

const EXPORTED_AT = new Date('2026-11-26T12:00:00.000Z');
const IMPORTED_AT = new Date('2026-11-27T09:30:00.000Z');
const TEMPLATE_TEXT = '# Count\nCount to 3, one number per iteration, then call complete.\n';

/** A real store on a fresh temp SQLite file, with the engine's repositories. */
function tempStore(): RunBundleDeps & { retention: ReturnType<typeof createEventRetention> } {
  const folder = mkdtempSync(join(tmpdir(), 'autoloop-bundle-'));
  folders.push(folder);
  const db = openDatabase(join(folder, 'autoloop.db'));
  return { db, runs: createRunsRepository(db), revisions: createTemplateRevisionsRepository(db), retention: createEventRetention(db) };
}

/** A finished run with two iterations, events of every shape and a checkpoint, written through the repositories. */
function seedRun(store: RunBundleDeps, overrides: Partial<Run> = {}): Run {
  const at = '2026-11-26T10:00:00.000Z';
  const run: Run = {
    id: 'r0123456789ab', name: 'count to three', template: 'demo-counter', templateRevision: store.revisions.save('demo-counter', TEMPLATE_TEXT),
    status: 'ended', stopReason: 'completed', pauseReason: null, detail: 'Completed: the agent called complete', iterations: 2,
    inputTokens: 120, outputTokens: 45, costUsd: 0.0123, limits: { maxIterations: 5, maxCostUsd: 1.5 },
    permissions: { ...DEFAULT_PERMISSIONS, rules: [{ tool: 'bash', pattern: 'npm test*', action: 'allow' }] },
    model: 'scripted/demo-counter', workdir: '/tmp/work', sandbox: 'bwrap', network: ['api.github.com'], createdAt: at, startedAt: at, endedAt: '2026-11-26T10:05:00.000Z', ...overrides,
  };
  store.runs.insertRun({ run, loop: { ...DEFAULT_LOOP_OPTIONS, intervalMs: 2_000 }, params: { target: 3, verbose: true } });
  for (const n of [1, 2]) {
    store.runs.saveIteration({ runId: run.id, n, status: n === 1 ? 'error' : 'ok', summary: `counted ${n}`, durationMs: 1_500 * n, inputTokens: 60, outputTokens: 20 + n, costUsd: null, startedAt: at, endedAt: at });
  }
  store.runs.appendEvents([
    { runId: run.id, iteration: 1, kind: 'text', data: { text: 'One ✓' }, at },
    { runId: run.id, iteration: 1, kind: 'tool_call', data: { tool: 'bash', input: { command: 'echo 1', env: { B: '2', A: '1' } } }, at },
    { runId: run.id, iteration: 1, kind: 'error', data: { message: 'exit 1', stack: ['a', 'b'] }, at },
    { runId: run.id, iteration: 2, kind: 'text', data: { text: 'Two' }, at },
    { runId: run.id, iteration: 0, kind: 'notice', data: { message: 'done', truncated: false }, at },
  ]);
  store.runs.saveCheckpoint(run.id, 1, [{ role: 'user', content: 'Count' }, { role: 'assistant', content: [{ type: 'text', text: 'One' }] }], false);
  store.runs.saveCheckpoint(run.id, 2, [{ role: 'assistant', content: 'Two' }], false);
  return run;
}

/** Everything stored about a run, for comparing before and after. */
function snapshot(store: RunBundleDeps, id: string) {
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
function resigned(bundle: RunBundle, change: (copy: RunBundle) => void): RunBundle {
  const copy = structuredClone(bundle);
  change(copy);
  return { ...copy, checksum: bundleChecksum(copy) };
}

function refusal(action: () => unknown): ApiFailure {
  try {
    action();
  } catch (error) {
    if (error instanceof ApiFailure) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('exportRunBundle then importRunBundle', () => {
  it('moves a run to another database losslessly, changing only the detail to say it was imported', () => {
    const source = tempStore();
    const run = seedRun(source);
    const bundle = exportRunBundle(source, run.id, '0.1.0', EXPORTED_AT);
    const target = tempStore();
    const result = importRunBundle(target, JSON.parse(JSON.stringify(bundle)), IMPORTED_AT);

    expect(result.renamedFrom).toBeNull();
    const before = snapshot(source, run.id);
    const after = snapshot(target, run.id);
    const detail = 'Imported from count to three (r0123456789ab) on 2026-11-27. Completed: the agent called complete';
    expect(result.run).toEqual({ ...run, detail });
    expect(after.row).toEqual({ ...before.row, run: { ...run, detail } });
    expect({ ...after, row: null }).toEqual({ ...before, row: null });
    expect(after.events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(target.retention.bytesOf(run.id)).toBe(after.events.reduce((sum, event) => sum + JSON.stringify(event.data).length, 0));
  });

  it('writes a bundle with the format, version, app version, pinned template and a verifiable checksum', () => {
    const source = tempStore();
    const run = seedRun(source);
    const bundle = exportRunBundle(source, run.id, '0.1.0', EXPORTED_AT);
    expect(bundle).toMatchObject({
      format: 'autoloop-run-bundle', version: 1, exportedAt: '2026-11-26T12:00:00.000Z', app: { version: '0.1.0' },
      template: { name: 'demo-counter', revision: run.templateRevision, text: TEMPLATE_TEXT }, approvals: [],
      params: { target: 3, verbose: true }, loop: { ...DEFAULT_LOOP_OPTIONS, intervalMs: 2_000 },
    });
    expect(bundle.checkpoint.messages).toHaveLength(3);
    expect(bundle.checksum).toBe(bundleChecksum(bundle));
  });

  it('survives JSON.stringify and JSON.parse unchanged, checksum included', () => {
    const source = tempStore();
    const bundle = exportRunBundle(source, seedRun(source).id, '0.1.0', EXPORTED_AT);
    const reparsed: unknown = JSON.parse(JSON.stringify(bundle, null, 2));
    expect(reparsed).toEqual(bundle);
    expect(RunBundle.parse(reparsed)).toEqual(bundle);
    expect(bundleChecksum(RunBundle.parse(reparsed))).toBe(bundle.checksum);
  });

  it('imports the same bundle twice as two runs: the second gets a new id and the first stays as it was', () => {
    const source = tempStore();
    const run = seedRun(source);
    const bundle = exportRunBundle(source, run.id, '0.1.0', EXPORTED_AT);
    const target = tempStore();
    importRunBundle(target, bundle, IMPORTED_AT);
    const first = snapshot(target, run.id);

    const second = importRunBundle(target, bundle, IMPORTED_AT);
    expect(second.renamedFrom).toBe(run.id);
    expect(second.run.id).toMatch(/^r[0-9a-f]{12}$/);
    expect(second.run.id).not.toBe(run.id);
    expect(snapshot(target, run.id)).toEqual(first);
    const copy = snapshot(target, second.run.id);
    expect(copy.iterations).toEqual(first.iterations.map((iteration) => ({ ...iteration, runId: second.run.id })));
    expect(copy.events).toEqual(first.events.map((event) => ({ ...event, runId: second.run.id })));
    expect(copy.messages).toEqual(first.messages);
    expect(target.runs.listRuns(100)).toHaveLength(2);
  });

  it('imports into the database it came from under a new id, leaving the original untouched', () => {
    const store = tempStore();
    const run = seedRun(store);
    const original = snapshot(store, run.id);
    const result = importRunBundle({ ...store, newRunId: () => 'r-copy' }, exportRunBundle(store, run.id, '0.1.0', EXPORTED_AT), IMPORTED_AT);
    expect(result).toMatchObject({ renamedFrom: run.id, run: { id: 'r-copy', name: 'count to three' } });
    expect(snapshot(store, run.id)).toEqual(original);
  });

  it('imports a run that was active at export as paused until the person confirms it, and later events continue its numbering', () => {
    const source = tempStore();
    const run = seedRun(source, { status: 'running', stopReason: null, detail: null, endedAt: null });
    const target = tempStore();
    const { run: imported } = importRunBundle(target, exportRunBundle(source, run.id, '0.1.0', EXPORTED_AT), IMPORTED_AT);
    expect(imported).toMatchObject({ status: 'paused', pauseReason: 'imported', stopReason: null, detail: 'Imported from count to three (r0123456789ab) on 2026-11-27' });
    const [next] = target.runs.appendEvents([{ runId: imported.id, iteration: 3, kind: 'text', data: { text: 'Three' }, at: IMPORTED_AT.toISOString() }]);
    expect(next?.seq).toBe(6);
  });

  it('keeps a paused run paused, waiting for the person to confirm it', () => {
    const source = tempStore();
    const run = seedRun(source, { status: 'paused', stopReason: null, pauseReason: 'budget', endedAt: null });
    const target = tempStore();
    const { run: imported } = importRunBundle(target, exportRunBundle(source, run.id, '0.1.0', EXPORTED_AT), IMPORTED_AT);
    expect(imported).toMatchObject({ status: 'paused', pauseReason: 'imported' });
  });

  it('refuses to export a run that does not exist', () => {
    const failure = refusal(() => exportRunBundle(tempStore(), 'r-missing', '0.1.0'));
    expect([failure.code, failure.message]).toEqual(['not_found', 'There is no run with the id r-missing']);
  });
});

describe('importRunBundle refuses a bad bundle and stores nothing', () => {
  function exported(): { bundle: RunBundle; target: ReturnType<typeof tempStore> } {
    const source = tempStore();
    return { bundle: exportRunBundle(source, seedRun(source).id, '0.1.0', EXPORTED_AT), target: tempStore() };
  }

  function expectRefused(target: ReturnType<typeof tempStore>, raw: unknown, message: string): ApiFailure {
    const failure = refusal(() => importRunBundle(target, raw, IMPORTED_AT));
    expect(failure.code).toBe('invalid_input');
    expect(failure.message).toContain(message);
    expect(target.runs.listRuns(100)).toEqual([]);
    return failure;
  }

  it('refuses a bundle edited after export (one event text changed, checksum kept)', () => {
    const { bundle, target } = exported();
    const tampered = structuredClone(bundle);
    const event = tampered.events[0];
    if (event) event.data = { text: 'One (edited)' };
    const failure = expectRefused(target, tampered, 'the bundle was modified after export: its checksum does not match');
    expect(failure.message).toBe('Not imported: the bundle was modified after export: its checksum does not match');
  });

  it('refuses a bundle whose template text is not the pinned revision', () => {
    const { bundle, target } = exported();
    const wrong = resigned(bundle, (copy) => (copy.template.text = 'a different program'));
    expectRefused(target, wrong, `Not imported: the bundle does not hold together: its template text does not match its revision ${bundle.template.revision} (the text's sha256 is `);
    expect(target.revisions.text(bundle.template.revision)).toBeNull();
  });

  it('refuses a bundle whose events belong to another run', () => {
    const { bundle, target } = exported();
    const mixed = resigned(bundle, (copy) => {
      const event = copy.events[1];
      if (event) event.runId = 'r-other';
    });
    expectRefused(target, mixed, "event 2 belongs to run r-other, not to the bundle's run r0123456789ab");
  });

  it('refuses a bundle whose iterations belong to another run', () => {
    const { bundle, target } = exported();
    const mixed = resigned(bundle, (copy) => {
      const iteration = copy.iterations[0];
      if (iteration) iteration.runId = 'r-other';
    });
    expectRefused(target, mixed, "iteration 1 belongs to run r-other, not to the bundle's run r0123456789ab");
  });

  it('refuses another format with zod\'s description of what is wrong', () => {
    const { bundle, target } = exported();
    const failure = expectRefused(target, { ...bundle, format: 'zip' }, 'Not imported: this is not an Autoloop run bundle (autoloop-run-bundle, version 1):\n');
    expect(failure.message).toContain('Invalid input: expected "autoloop-run-bundle"');
    expect(failure.message).toContain('→ at format');
  });

  it('refuses a version that is not a number 1 with zod\'s description', () => {
    const { bundle, target } = exported();
    const failure = expectRefused(target, { ...bundle, version: '1' }, 'Not imported: this is not an Autoloop run bundle');
    expect(failure.message).toContain('→ at version');
  });

  it('refuses a bundle from a newer Autoloop, saying to update', () => {
    const { bundle, target } = exported();
    expectRefused(target, { ...bundle, version: 2 }, 'Not imported: the bundle has version 2, but this Autoloop reads only version 1; update Autoloop to import it');
  });

  it('refuses something that is not a bundle at all', () => {
    const { target } = exported();
    expectRefused(target, 'hello', 'Not imported: this is not an Autoloop run bundle');
    expectRefused(target, null, 'Not imported: this is not an Autoloop run bundle');
  });

  it('writes nothing when storing fails half way: the import is one transaction', () => {
    const { bundle, target } = exported();
    const failing: RunBundleDeps = { ...target, retention: { addBytes: () => { throw new Error('disk full'); } } };
    expect(() => importRunBundle(failing, bundle, IMPORTED_AT)).toThrow('disk full');
    expect(snapshot(target, bundle.run.id)).toEqual({ row: null, template: null, iterations: [], events: [], messages: [] });
    expect(target.revisions.text(bundle.template.revision)).toBeNull();
  });
});
