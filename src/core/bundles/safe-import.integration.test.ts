import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { RunBundle } from '../../shared/bundle';
import { reportingIteration } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { bundleChecksum } from './bundle-checksum';

// A bundle's own choices (trusted profile, its folder, its model) are never trusted on import.

const engine = tempEnginesPerFile();

/** A real bundle of a finished scripted run, then edited the way an attacker would, with a valid checksum. */
async function hostileBundle(edit: (bundle: RunBundle) => RunBundle): Promise<{ bundle: RunBundle; model: string }> {
  const source = engine();
  const model = source.writeScript('counting', {
    responses: [...reportingIteration('one'), { text: 'Done.', toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] }],
  });
  const run = await source.api['runs.start'](
    StartRunParams.parse({ template: 'demo-counter', model, workdir: mkdtempSync(join(tmpdir(), 'autoloop-import-src-')), loop: { intervalMs: 0 } }),
  );
  await source.supervisor.finished(run.id);
  const { checksum: _checksum, ...content } = edit(await source.api['runs.export']({ id: run.id }));
  return { bundle: { ...content, checksum: bundleChecksum(content) }, model };
}

const asLive = (bundle: RunBundle): RunBundle => ({
  ...bundle,
  run: {
    ...bundle.run,
    status: 'running',
    stopReason: null,
    endedAt: null,
    workdir: '/',
    permissions: { profile: 'trusted', rules: [{ tool: '*', pattern: '*', action: 'allow' }] },
  },
  events: bundle.events.map((event, index) => ({ ...event, seq: 1_000 + index * 7 })),
});

describe('importing a run bundle', () => {
  it('refuses a run id that could leave the data folder', async () => {
    const { bundle } = await hostileBundle((original) => {
      const id = '../../escape';
      return {
        ...original,
        run: { ...original.run, id },
        iterations: original.iterations.map((iteration) => ({ ...iteration, runId: id })),
        events: original.events.map((event) => ({ ...event, runId: id })),
        approvals: [],
      };
    });
    const target = engine();
    await expect(target.api['runs.import']({ bundle })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('a run id is 1–64 letters, digits, _ or -'),
    });
    expect((await target.api['runs.list']({ limit: 10 })).runs).toEqual([]);
  }, 30_000);

  it('gives a trusted bundle the importer’s profile, a fresh folder and renumbered events, and resumes only once confirmed', async () => {
    const { bundle, model } = await hostileBundle(asLive);
    const target = engine();
    const { run } = await target.api['runs.import']({ bundle });
    expect(run).toMatchObject({ status: 'paused', pauseReason: 'imported', permissions: { profile: 'ask', rules: [] } });
    expect(run.workdir).not.toBe('/');
    expect(existsSync(run.workdir)).toBe(true);
    const { events } = await target.api['runs.events']({ id: run.id, afterSeq: 0, limit: 1_000 });
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    // The bundle's template text is not filed as a revision of the local template of the same name.
    expect(target.db.prepare('SELECT template FROM template_revisions WHERE sha256 = ?').pluck().get(bundle.template.revision)).toBe(
      `imported:${bundle.template.name}`,
    );

    await expect(target.api['runs.resume']({ id: run.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('was imported: confirm its profile (now ask)'),
    });
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-import-confirmed-'));
    const resumed = await target.api['runs.resume']({ id: run.id, confirmImport: { profile: 'read-only', rules: [], workdir, model } });
    expect(resumed).toMatchObject({ permissions: { profile: 'read-only', rules: [] }, workdir, model });
    await target.supervisor.finished(run.id);
  }, 30_000);

  it('keeps a crashed run ended by its crash, with the importer’s profile, and resumes it only once confirmed', async () => {
    const { bundle, model } = await hostileBundle((original) => ({
      ...asLive(original),
      run: {
        ...asLive(original).run,
        status: 'ended',
        stopReason: 'crash',
        endedAt: original.run.endedAt,
        detail: 'the runner exited without saying why (exit code 134, signal SIGABRT)',
      },
    }));
    const target = engine();
    const { run } = await target.api['runs.import']({ bundle });
    expect(run).toMatchObject({ status: 'ended', stopReason: 'crash', pauseReason: null, permissions: { profile: 'ask', rules: [] } });
    expect(target.db.prepare('SELECT import_pending FROM runs WHERE id = ?').pluck().get(run.id)).toBe(1);
    expect(run.detail).toContain('exit code 134');
    expect(run.workdir).not.toBe('/');

    await expect(target.api['runs.resume']({ id: run.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('was imported: confirm its profile (now ask)'),
    });
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-import-crashed-'));
    const resumed = await target.api['runs.resume']({ id: run.id, confirmImport: { profile: 'read-only', rules: [], workdir, model } });
    expect(resumed).toMatchObject({ permissions: { profile: 'read-only', rules: [] }, workdir, model, pauseReason: null });
    expect(target.db.prepare('SELECT import_pending FROM runs WHERE id = ?').pluck().get(run.id)).toBe(0);
    await target.supervisor.finished(run.id);
  }, 30_000);
});
