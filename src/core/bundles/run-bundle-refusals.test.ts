import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunBundle } from '../../shared/bundle';
import type { ApiFailure } from '../api-failure';
import { type RunBundleDeps, exportRunBundle, importRunBundle } from './run-bundle';
import { folders, EXPORTED_AT, IMPORTED_AT, tempStore, seedRun, snapshot, resigned, refusal } from './testing/bundle-store';

afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

describe('importRunBundle refuses a bad bundle and stores nothing', () => {
  function exported(): { bundle: RunBundle; target: ReturnType<typeof tempStore> } {
    const source = tempStore();
    return { bundle: exportRunBundle(source, seedRun(source).id, '0.1.0', EXPORTED_AT), target: tempStore() };
  }

  async function expectRefused(target: ReturnType<typeof tempStore>, raw: unknown, message: string): Promise<ApiFailure> {
    const failure = await refusal(() => importRunBundle(target, raw, IMPORTED_AT));
    expect(failure.code).toBe('invalid_input');
    expect(failure.message).toContain(message);
    expect(target.runs.listRuns(100)).toEqual([]);
    return failure;
  }

  it('refuses a bundle edited after export (one event text changed, checksum kept)', async () => {
    const { bundle, target } = exported();
    const tampered = structuredClone(bundle);
    const event = tampered.events[0];
    if (event) event.data = { text: 'One (edited)' };
    const failure = await expectRefused(target, tampered, 'the bundle was modified after export: its checksum does not match');
    expect(failure.message).toBe('Not imported: the bundle was modified after export: its checksum does not match');
  });

  it('refuses a bundle whose template text is not the pinned revision', async () => {
    const { bundle, target } = exported();
    const wrong = resigned(bundle, (copy) => (copy.template.text = 'a different program'));
    await expectRefused(
      target,
      wrong,
      `Not imported: the bundle does not hold together: its template text does not match its revision ${bundle.template.revision} (the text's sha256 is `,
    );
    expect(target.revisions.text(bundle.template.revision)).toBeNull();
  });

  it('refuses a bundle whose events belong to another run', async () => {
    const { bundle, target } = exported();
    const mixed = resigned(bundle, (copy) => {
      const event = copy.events[1];
      if (event) event.runId = 'r-other';
    });
    await expectRefused(target, mixed, "event 2 belongs to run r-other, not to the bundle's run r0123456789ab");
  });

  it('refuses a bundle whose iterations belong to another run', async () => {
    const { bundle, target } = exported();
    const mixed = resigned(bundle, (copy) => {
      const iteration = copy.iterations[0];
      if (iteration) iteration.runId = 'r-other';
    });
    await expectRefused(target, mixed, "iteration 1 belongs to run r-other, not to the bundle's run r0123456789ab");
  });

  it('refuses another format in one sentence that says how to make a bundle', async () => {
    const { bundle, target } = exported();
    await expectRefused(
      target,
      { ...bundle, format: 'zip' },
      'Not imported: this is not an Autoloop run bundle (autoloop-run-bundle, version 1); export one with `autoloop export <run> -o FILE`',
    );
    const failure = await expectRefused(target, {}, 'Not imported: this is not an Autoloop run bundle');
    expect(failure.message).not.toContain('\n');
  });

  it('names what is wrong with a damaged bundle, on one line', async () => {
    const { bundle, target } = exported();
    const failure = await expectRefused(target, { ...bundle, version: '1' }, 'Not imported: this is not an Autoloop run bundle');
    expect(failure.message).toContain('check version:');
    expect(failure.message).not.toContain('\n');
  });

  it('refuses a bundle from a newer Autoloop, saying to update', async () => {
    const { bundle, target } = exported();
    await expectRefused(
      target,
      { ...bundle, version: 2 },
      'Not imported: the bundle has version 2, but this Autoloop reads only version 1; update Autoloop to import it',
    );
  });

  it('refuses something that is not a bundle at all', async () => {
    const { target } = exported();
    await expectRefused(target, 'hello', 'Not imported: this is not an Autoloop run bundle');
    await expectRefused(target, null, 'Not imported: this is not an Autoloop run bundle');
  });

  it('leaves nothing when storing fails half way: the hidden import and all it wrote are removed', async () => {
    const { bundle, target } = exported();
    const failing: RunBundleDeps = {
      ...target,
      retention: {
        addBytes: () => {
          throw new Error('disk full');
        },
      },
    };
    await expect(importRunBundle(failing, bundle, IMPORTED_AT)).rejects.toThrow('disk full');
    expect(snapshot(target, bundle.run.id)).toEqual({ row: null, template: null, iterations: [], events: [], messages: [] });
    expect(target.revisions.text(bundle.template.revision)).toBeNull();
  });
});
