import { describe, expect, it } from 'vitest';
import type { Failure } from '../../shared/protocol';
import { DEFAULT_LOOP_OPTIONS, type LoopOptions } from '../../shared/records';
import { NO_OUTPUT } from '../agent/prompts';
import {
  EMPTY_HISTORY,
  type IterationResult,
  type LoopHistory,
  MAX_CIRCUIT_WAIT_MS,
  type StopDecision,
  circuitWaitMs,
  decideStop,
  normalizeSummary,
  recordIteration,
} from './stop-rules';

const ok = (summary: string): IterationResult => ({ status: 'ok', summary });
const failed = (signature: string): IterationResult => {
  const failure: Failure = { kind: 'provider_error', signature, message: `failed with ${signature}` };
  return { status: 'error', summary: `Failed: ${signature}`, failure };
};

/** The decision after each iteration, in order. */
function decisionsFor(results: ReadonlyArray<IterationResult>, options: LoopOptions = DEFAULT_LOOP_OPTIONS): StopDecision[] {
  let history: LoopHistory = EMPTY_HISTORY;
  return results.map((result) => {
    history = recordIteration(history, result);
    return decideStop(history, options);
  });
}

const reasons = (decisions: ReadonlyArray<StopDecision>): Array<string | null> => decisions.map((decision) => decision?.reason ?? null);

describe('stagnation', () => {
  it('stops after the third identical summary in a row', () => {
    expect(reasons(decisionsFor([ok('Fixed test.'), ok('Fixed test.'), ok('Fixed test.')]))).toEqual([null, null, 'stagnation']);
  });

  it('names the repeated summary and the count in the detail', () => {
    const last = decisionsFor([ok('Fixed test.'), ok('Fixed test.'), ok('Fixed test.')]).at(-1);
    expect(last?.detail).toContain('3 times');
    expect(last?.detail).toContain('fixed test.');
  });

  it('does not stop while the summaries vary', () => {
    expect(reasons(decisionsFor([ok('Read the code.'), ok('Fixed a test.'), ok('Ran the suite.'), ok('Wrote docs.')]))).toEqual([null, null, null, null]);
  });

  it.each([0, 1])('never stops when stagnationLimit is %i', (stagnationLimit) => {
    const same = Array.from({ length: 6 }, () => ok('Fixed test.'));
    expect(reasons(decisionsFor(same, { ...DEFAULT_LOOP_OPTIONS, stagnationLimit }))).toEqual(Array(6).fill(null));
  });

  it('honours a stagnationLimit of 2', () => {
    expect(reasons(decisionsFor([ok('A'), ok('A')], { ...DEFAULT_LOOP_OPTIONS, stagnationLimit: 2 }))).toEqual([null, 'stagnation']);
  });

  it('counts summaries that differ only in case and white space as identical', () => {
    expect(reasons(decisionsFor([ok('Fixed  test.'), ok('fixed test.'), ok(' FIXED\ttest. ')]))).toEqual([null, null, 'stagnation']);
  });

  it('counts summaries that differ in punctuation as different', () => {
    expect(reasons(decisionsFor([ok('Fixed test.'), ok('Fixed test!'), ok('Fixed test.')]))).toEqual([null, null, null]);
  });

  it('needs the identical summaries to be consecutive', () => {
    expect(reasons(decisionsFor([ok('A'), ok('A'), ok('B'), ok('A'), ok('A')]))).toEqual([null, null, null, null, null]);
  });

  it('lets an iteration with no output clear the window', () => {
    expect(reasons(decisionsFor([ok('A'), ok('A'), ok(NO_OUTPUT), ok('A'), ok('A')]))).toEqual([null, null, null, null, null]);
  });

  it('never stops on repeated iterations with no output', () => {
    const silent = Array.from({ length: 5 }, () => ok(NO_OUTPUT));
    expect(reasons(decisionsFor(silent))).toEqual(Array(5).fill(null));
  });

  it('lets a failed iteration neither add to nor clear the window', () => {
    expect(reasons(decisionsFor([ok('A'), ok('A'), failed('provider_error:x:529'), ok('A')]))).toEqual([null, null, null, 'stagnation']);
  });
});

describe('failure limits', () => {
  it('stops after three consecutive failures with the same signature', () => {
    const same = failed('provider_error:scripted:529');
    expect(reasons(decisionsFor([same, same, same]))).toEqual([null, null, 'failure_limit']);
  });

  it('names the failure in words in the detail, never its signature', () => {
    const same: IterationResult = {
      status: 'error',
      summary: 'Failed',
      failure: { kind: 'provider_error', signature: 'provider_error:scripted:529', message: '529: scripted is overloaded' },
    };
    const detail = decisionsFor([same, same, same]).at(-1)?.detail;
    expect(detail).toBe('3 failures in a row with the same cause: 529: scripted is overloaded');
    expect(detail).not.toContain('provider_error');
  });

  it('stops after four consecutive failures of mixed signatures', () => {
    expect(reasons(decisionsFor([failed('a'), failed('b'), failed('a'), failed('b')]))).toEqual([null, null, null, 'failure_limit']);
  });

  it('does not stop after three failures of mixed signatures', () => {
    expect(reasons(decisionsFor([failed('a'), failed('b'), failed('a')]))).toEqual([null, null, null]);
  });

  it('counts the same-signature streak from the last change of signature', () => {
    expect(reasons(decisionsFor([failed('a'), failed('b'), failed('b'), failed('b')]))).toEqual([null, null, null, 'failure_limit']);
    expect(decisionsFor([failed('a'), failed('b'), failed('b'), failed('b')]).at(-1)?.detail).toBe('3 failures in a row with the same cause: failed with b');
    expect(decisionsFor([failed('a'), failed('b'), failed('a'), failed('b')]).at(-1)?.detail).toBe('4 failed iterations in a row; the last one: failed with b');
  });

  it('resets both streaks after a successful iteration', () => {
    const x = failed('x');
    expect(reasons(decisionsFor([x, x, ok('Recovered.'), x, x]))).toEqual([null, null, null, null, null]);
    expect(reasons(decisionsFor([failed('a'), failed('b'), failed('c'), ok('Recovered.'), failed('d'), failed('e'), failed('f')]))).toEqual(
      Array(7).fill(null),
    );
  });

  it('gives failures without a typed failure one shared signature', () => {
    const untyped: IterationResult = { status: 'error', summary: 'Failed' };
    expect(reasons(decisionsFor([untyped, untyped, untyped]))).toEqual([null, null, 'failure_limit']);
  });

  it('honours custom limits', () => {
    const options = { ...DEFAULT_LOOP_OPTIONS, sameFailureLimit: 1 };
    expect(reasons(decisionsFor([failed('x')], options))).toEqual(['failure_limit']);
  });
});

describe('normalizeSummary', () => {
  it('lower-cases, collapses white space and trims, but keeps punctuation', () => {
    expect(normalizeSummary('  Fixed\n\n  THE   test!  ')).toBe('fixed the test!');
  });
});

describe('circuitWaitMs', () => {
  it('waits the remaining cooldown plus one second', () => {
    expect(circuitWaitMs(120_000, 2_000)).toBe(121_000);
  });

  it('waits at most five minutes', () => {
    expect(circuitWaitMs(1_000_000, 2_000)).toBe(300_000);
    expect(MAX_CIRCUIT_WAIT_MS).toBe(300_000);
  });

  it('never waits less than the interval', () => {
    expect(circuitWaitMs(500, 2_000)).toBe(2_000);
  });
});
