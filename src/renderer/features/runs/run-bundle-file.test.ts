import { describe, expect, it } from 'vitest';
import { bundleFileName, readBundleText } from './run-bundle-file';

describe('bundleFileName', () => {
  it('is the run name and id with the bundle suffix', () => {
    expect(bundleFileName('Nightly tests', 'k3x9')).toBe('Nightly tests-k3x9.autoloop.json');
  });

  it('replaces characters file systems refuse, and never starts with a dot', () => {
    expect(bundleFileName('../fix: a/b?', 'r1')).toBe('-fix- a-b--r1.autoloop.json');
    expect(bundleFileName('  ', 'r1')).toBe('run-r1.autoloop.json');
  });
});

describe('readBundleText', () => {
  it('parses JSON and leaves checking the bundle to the engine', () => {
    expect(readBundleText('a.json', '{"format":"x"}')).toEqual({ ok: true, bundle: { format: 'x' } });
  });

  it('says which file is not JSON', () => {
    const read = readBundleText('notes.json', 'hello');
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.message).toMatch(/^Not imported: notes\.json is not a JSON file \(/);
  });
});
