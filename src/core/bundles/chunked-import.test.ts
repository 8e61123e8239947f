import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/records';
import { eventBatchesOf, streamedBundle } from './bundle-stream';
import { exportRunBundle, importRunBundle } from './run-bundle';
import { EXPORTED_AT, IMPORTED_AT, folders, seedRun, tempStore } from './testing/bundle-store';

afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function exported() {
  const source = tempStore();
  return exportRunBundle(source, seedRun(source).id, '0.1.0', EXPORTED_AT);
}

describe('an import written in pieces', () => {
  it('removes the hidden run and all it wrote when its source breaks half way, and never shows it', async () => {
    const { events, ...head } = exported();
    const target = tempStore();
    let seenWhileWriting: number | null = null;
    const breaking = (async function* (): AsyncGenerator<ReadonlyArray<RunEvent>> {
      yield events.slice(0, 2);
      seenWhileWriting = target.runs.listRuns(100).length + (target.runs.getRun(head.run.id) === null ? 0 : 1);
      throw new Error('the worker reading the frame stopped');
    })();
    await expect(importRunBundle(target, streamedBundle(head, breaking), IMPORTED_AT)).rejects.toThrow('the worker reading the frame stopped');
    expect(seenWhileWriting).toBe(0);
    expect(target.runs.listRuns(100)).toEqual([]);
    expect(target.runs.isRunIdTaken(head.run.id)).toBe(false);
    expect(target.runs.listAllEvents(head.run.id)).toEqual([]);
    expect(target.revisions.text(head.template.revision)).toBeNull();
  });

  it('shows the run only once its last piece is written, with its events renumbered 1..n across batches', async () => {
    const bundle = exported();
    const target = tempStore();
    const result = await importRunBundle(target, streamedBundle(bundle, (async function* () { yield* eventBatchesOf([...bundle.events].reverse()); })()), IMPORTED_AT); // prettier-ignore
    expect(target.runs.listRuns(100).map((run) => run.id)).toEqual([result.run.id]);
    expect(target.runs.listAllEvents(result.run.id).map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('is removed at engine start when the last engine stopped while writing it', () => {
    const bundle = exported();
    const target = tempStore();
    target.runs.insertRun({ run: bundle.run, loop: bundle.loop, params: bundle.params, importing: true });
    expect(target.runs.getRun(bundle.run.id)).toBeNull();
    expect(target.runs.listRuns(100)).toEqual([]);
    expect(target.runs.isRunIdTaken(bundle.run.id)).toBe(true);
    expect(target.runs.deleteUnfinishedImports()).toEqual([bundle.run.id]);
    expect(target.runs.isRunIdTaken(bundle.run.id)).toBe(false);
  });
});
