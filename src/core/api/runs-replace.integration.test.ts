import { afterAll, describe, expect, it } from 'vitest';
import { RUNS_PAGE_MAX, StartRunParams } from '../../shared/api';
import { join } from 'node:path';
import { FIXTURES_DIR, type TempEngine, createTempEngine, isProcessAlive } from '../testing/temp-engine';

// Once, thirty concurrent `runs.start` with one name and `replace: true` left 29 runs active.
const CONCURRENT_STARTS = 30;
/** Thirty runner processes start and stop one after another; a loaded machine needs a while for that. */
const TEST_TIMEOUT_MS = 90_000;
const ACTIVE = new Set(['queued', 'starting', 'running', 'waiting_approval', 'stopping']);

let target: TempEngine;
afterAll(async () => {
  await target.dispose();
  expect(target.pids.filter(isProcessAlive)).toEqual([]);
});

describe('runs.start with replace: true', () => {
  it(
    'is serialized per name: thirty concurrent calls replace in order and leave exactly one active run',
    async () => {
      // Real processes that start fast and stop when asked: what is under test is the engine's order of work.
      target = createTempEngine({ runnerEntry: join(FIXTURES_DIR, 'idle-runner.mjs'), supervisor: { stopGraceMs: 2_000 } });
      const params = StartRunParams.parse({ template: 'demo-counter', name: 'nightly', replace: true });
      const started = await Promise.all(Array.from({ length: CONCURRENT_STARTS }, () => target.api['runs.start'](params)));
      expect(new Set(started.map((run) => run.id)).size).toBe(CONCURRENT_STARTS);

      const { runs } = await target.api['runs.list']({ limit: RUNS_PAGE_MAX });
      const active = runs.filter((run) => run.name === 'nightly' && ACTIVE.has(run.status));
      expect(active.map((run) => run.id)).toEqual([started.at(-1)?.id]);
      const replaced = runs.filter((run) => run.name === 'nightly' && run.id !== started.at(-1)?.id);
      expect(replaced.every((run) => run.status === 'ended' && run.stopReason === 'user_stop')).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});
