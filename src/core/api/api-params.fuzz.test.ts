import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiMethod, RUNS_PAGE_MAX, apiMethods } from '../../shared/api';
import { ANSWER_BOUND_MS, fuzzOptions, hostileValue, integrityCheck, within } from '../testing/fuzz';
import { type TempEngine, createTempEngine } from '../testing/temp-engine';
import { dispatch } from './dispatch';

// The fuzz suite, API part: whatever params any method gets, the answer is a result or an
// error the caller can act on, never `internal`, and the engine keeps answering with a sound database.

/** Reaches the network with whatever address it is given; fuzzing it tests the network, not the engine. */
const NOT_FUZZED = new Set<ApiMethod>(['providers.test']);
const METHODS = (Object.keys(apiMethods) as ApiMethod[]).filter((method) => !NOT_FUZZED.has(method));
const KEYS = [
  'id',
  'name',
  'newName',
  'template',
  'text',
  'bundle',
  'params',
  'limits',
  'loop',
  'permissions',
  'model',
  'workdir',
  'replace',
  'revision',
  'from',
  'to',
  'afterSeq',
  'limit',
  'decision',
  'scope',
  'reason',
  'settings',
];

const params = fc.oneof(hostileValue, fc.dictionary(fc.constantFrom(...KEYS), hostileValue, { maxKeys: 5 }));

let engine: TempEngine;
beforeAll(() => {
  engine = createTempEngine();
});
afterAll(async () => engine.dispose());

describe('fuzzing the API methods’ params', () => {
  it('answers every call with a result or an actionable error, never internal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), params, async (method, given) => {
        const response = await dispatch(engine.api, method, given, engine.log);
        if (!response.ok) expect(response.error.code, `${method} ${JSON.stringify(given)?.slice(0, 300)}: ${response.error.message}`).not.toBe('internal');
      }),
      fuzzOptions(300),
    );
    expect((await within(engine.api['runs.list']({ limit: RUNS_PAGE_MAX }), ANSWER_BOUND_MS, 'runs.list')).runs).toBeInstanceOf(Array);
    expect(integrityCheck(engine.db)).toEqual(['ok']);
    expect(engine.log.lines.filter((line) => line.includes('failed unexpectedly'))).toEqual([]);
  });
});
