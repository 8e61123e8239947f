import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNS_PAGE_MAX } from '../../shared/api';
import type { RunBundle } from '../../shared/bundle';
import { dispatch } from '../api/dispatch';
import { ANSWER_BOUND_MS, fuzzOptions, hostileValue, integrityCheck, within } from '../testing/fuzz';
import { exportedOneIterationRun } from '../testing/exported-run';
import { type TempEngine, createTempEngine } from '../testing/temp-engine';
import { bundleChecksum } from './bundle-checksum';

// The fuzz suite, bundle part: a real export with one part changed and signed again is
// imported or refused as bad input, never `internal`, and the database stays sound.

let engine: TempEngine;
let exported: RunBundle;

beforeAll(async () => {
  engine = createTempEngine();
  exported = await exportedOneIterationRun(engine);
});
afterAll(async () => engine.dispose());

/** Every path to a value in the bundle, so a change can land anywhere. */
function pathsOf(value: unknown, prefix: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
}

function changed(path: ReadonlyArray<string | number>, replacement: unknown): unknown {
  const copy = structuredClone(exported) as unknown as Record<string | number, unknown>;
  if (path.length === 0) return replacement;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = replacement;
  const { checksum: _old, ...content } = copy as unknown as RunBundle;
  return { ...content, checksum: bundleChecksum(content) };
}

describe('fuzzing run bundles', () => {
  it('imports or refuses any bundle with one value changed, never internal', async () => {
    const paths = pathsOf(exported).filter((path) => path[0] !== 'checksum');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), hostileValue, async (path, replacement) => {
        const response = await dispatch(engine.api, 'runs.import', { bundle: changed(path, replacement) }, engine.log);
        if (!response.ok) expect(response.error.code, `${path.join('.')}: ${response.error.message}`).toBe('invalid_input');
      }),
      fuzzOptions(150),
    );
    expect((await within(engine.api['runs.list']({ limit: RUNS_PAGE_MAX }), ANSWER_BOUND_MS, 'runs.list')).runs).toBeInstanceOf(Array);
    expect(integrityCheck(engine.db)).toEqual(['ok']);
  });
});
