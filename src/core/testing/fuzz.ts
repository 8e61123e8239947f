import fc from 'fast-check';
import type { Db } from '../store/database';

/**
 * The fuzz suite's settings: seeded, so a failure replays; a few runs each in `npm test`,
 * as many as AUTOLOOP_FUZZ_RUNS says for a longer hunt (AUTOLOOP_FUZZ_SEED picks another seed).
 */
export const FUZZ_SEED = Number(process.env.AUTOLOOP_FUZZ_SEED ?? 17);

/** fast-check's options for one property: the seed, and `defaultRuns` unless AUTOLOOP_FUZZ_RUNS is set. */
export function fuzzOptions(defaultRuns: number): fc.Parameters<unknown> {
  const fromEnv = Number(process.env.AUTOLOOP_FUZZ_RUNS);
  return { seed: FUZZ_SEED, numRuns: Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultRuns, endOnFailure: true };
}

/** How long `runs.list` may take after a fuzz batch: the engine must still answer at once. */
export const ANSWER_BOUND_MS = 2_000;

/** Resolves with the promise's value, or fails naming `what` when it takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** SQLite's own check of the database file: `['ok']` when it is sound. */
export function integrityCheck(db: Db): string[] {
  return (db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>).map((row) => row.integrity_check);
}

/** Values hostile input is made of: odd strings, unsafe and negative numbers, deep and prototype-looking objects. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 64 }),
    fc.constantFrom('', '..', '../../etc/passwd', '__proto__', 'constructor', '%E0', '//', 'r-none', 'demo-counter', '\u0000', 'a'.repeat(10_000)),
    fc.integer(),
    fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER, 1e308, -0),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'id', 'name', 'text')), tie('value'), { maxKeys: 4 }),
  ),
})).value;
