import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { RunBundle } from '../../shared/bundle';
import { DEFAULT_LOOP_OPTIONS } from '../../shared/records';
import { bundleChecksum } from './bundle-checksum';
import { exportRunBundle, importRunBundle } from './run-bundle';
import { folders, EXPORTED_AT, IMPORTED_AT, TEMPLATE_TEXT, tempStore, seedRun, snapshot, refusal } from './testing/bundle-store';

afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

describe('exportRunBundle then importRunBundle', () => {
  it('moves a run to another database losslessly, changing only the detail to say it was imported', async () => {
    const source = tempStore();
    const run = seedRun(source);
    const bundle = exportRunBundle(source, run.id, '0.1.0', EXPORTED_AT);
    const target = tempStore();
    const result = await importRunBundle(target, JSON.parse(JSON.stringify(bundle)), IMPORTED_AT);

    expect(result.renamedFrom).toBeNull();
    const before = snapshot(source, run.id);
    const after = snapshot(target, run.id);
    const detail = 'Imported from count to three (r0123456789ab) on 2026-11-27. Completed: the agent called complete';
    // The API's run shows the params it was started with (stored beside the record).
    const shown = { ...run, params: { target: 3, verbose: true }, detail };
    expect(result.run).toEqual(shown);
    expect(after.row).toEqual({ ...before.row, run: shown });
    expect({ ...after, row: null }).toEqual({ ...before, row: null });
    expect(after.events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(target.retention.bytesOf(run.id)).toBe(after.events.reduce((sum, event) => sum + JSON.stringify(event.data).length, 0));
  });

  it('writes a bundle with the format, version, app version, pinned template and a verifiable checksum', async () => {
    const source = tempStore();
    const run = seedRun(source);
    const bundle = exportRunBundle(source, run.id, '0.1.0', EXPORTED_AT);
    expect(bundle).toMatchObject({
      format: 'autoloop-run-bundle',
      version: 1,
      exportedAt: '2026-11-26T12:00:00.000Z',
      app: { version: '0.1.0' },
      template: { name: 'demo-counter', revision: run.templateRevision, text: TEMPLATE_TEXT },
      approvals: [],
      params: { target: 3, verbose: true },
      loop: { ...DEFAULT_LOOP_OPTIONS, intervalMs: 2_000 },
    });
    expect(bundle.checkpoint.messages).toHaveLength(3);
    expect(bundle.checksum).toBe(bundleChecksum(bundle));
  });

  it('survives JSON.stringify and JSON.parse unchanged, checksum included', async () => {
    const source = tempStore();
    const bundle = exportRunBundle(source, seedRun(source).id, '0.1.0', EXPORTED_AT);
    const reparsed: unknown = JSON.parse(JSON.stringify(bundle, null, 2));
    expect(reparsed).toEqual(bundle);
    expect(RunBundle.parse(reparsed)).toEqual(bundle);
    expect(bundleChecksum(RunBundle.parse(reparsed))).toBe(bundle.checksum);
  });

  it('imports the same bundle twice as two runs: the second gets a new id and the first stays as it was', async () => {
    const source = tempStore();
    const run = seedRun(source);
    const bundle = exportRunBundle(source, run.id, '0.1.0', EXPORTED_AT);
    const target = tempStore();
    await importRunBundle(target, bundle, IMPORTED_AT);
    const first = snapshot(target, run.id);

    const second = await importRunBundle(target, bundle, IMPORTED_AT);
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

  it('imports into the database it came from under a new id, leaving the original untouched', async () => {
    const store = tempStore();
    const run = seedRun(store);
    const original = snapshot(store, run.id);
    const result = await importRunBundle({ ...store, newRunId: () => 'r-copy' }, exportRunBundle(store, run.id, '0.1.0', EXPORTED_AT), IMPORTED_AT);
    expect(result).toMatchObject({ renamedFrom: run.id, run: { id: 'r-copy', name: 'count to three' } });
    expect(snapshot(store, run.id)).toEqual(original);
  });

  it('imports a run that was active at export as paused until the person confirms it, and later events continue its numbering', async () => {
    const source = tempStore();
    const run = seedRun(source, { status: 'running', stopReason: null, detail: null, endedAt: null });
    const target = tempStore();
    const { run: imported } = await importRunBundle(target, exportRunBundle(source, run.id, '0.1.0', EXPORTED_AT), IMPORTED_AT);
    expect(imported).toMatchObject({
      status: 'paused',
      pauseReason: 'imported',
      stopReason: null,
      detail: 'Imported from count to three (r0123456789ab) on 2026-11-27',
    });
    const [next] = target.runs.appendEvents([{ runId: imported.id, iteration: 3, kind: 'text', data: { text: 'Three' }, at: IMPORTED_AT.toISOString() }]);
    expect(next?.seq).toBe(6);
  });

  it('keeps a paused run paused, waiting for the person to confirm it', async () => {
    const source = tempStore();
    const run = seedRun(source, { status: 'paused', stopReason: null, pauseReason: 'budget', endedAt: null });
    const target = tempStore();
    const { run: imported } = await importRunBundle(target, exportRunBundle(source, run.id, '0.1.0', EXPORTED_AT), IMPORTED_AT);
    expect(imported).toMatchObject({ status: 'paused', pauseReason: 'imported' });
  });

  it('refuses to export a run that does not exist', async () => {
    const failure = await refusal(() => exportRunBundle(tempStore(), 'r-missing', '0.1.0'));
    expect([failure.code, failure.message]).toEqual(['not_found', 'There is no run with the id r-missing']);
  });
});
