import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiMethods } from '../../shared/api';
import { listAllRuns } from '../../shared/list-all-runs';
import { DEFAULT_LOOP_OPTIONS } from '../../shared/records';
import { buildRun } from '../../shared/testing/build-run';
import { ApiFailure } from '../api-failure';
import { openDatabase } from '../store/database';
import { createRunsRepository } from '../store/runs-repository';
import { listRunsPage } from './runs-page';

/** A store with `count` runs, two of them created in the same millisecond (the id breaks the tie). */
function storeWithRuns(count: number) {
  const runs = createRunsRepository(openDatabase(join(mkdtempSync(join(tmpdir(), 'autoloop-runs-page-')), 'autoloop.db')));
  for (let index = 0; index < count; index += 1) {
    const createdAt = new Date(Date.UTC(2026, 10, 26, 10, 0, Math.min(index, count - 2))).toISOString();
    runs.insertRun({ run: buildRun({ id: `r${String(index).padStart(4, '0')}`, name: `run ${index}`, createdAt }), loop: DEFAULT_LOOP_OPTIONS, params: {} });
  }
  return runs;
}

const params = (input: unknown) => apiMethods['runs.list'].params.parse(input);

describe('runs.list pages', () => {
  it('answers newest first, a page at a time, until the last page says there is no next one', () => {
    const runs = storeWithRuns(5);
    const first = listRunsPage(runs, params({ limit: 2 }));
    expect(first.runs.map((run) => run.id)).toEqual(['r0004', 'r0003']);
    const second = listRunsPage(runs, params({ limit: 2, cursor: first.nextCursor }));
    expect(second.runs.map((run) => run.id)).toEqual(['r0002', 'r0001']);
    const third = listRunsPage(runs, params({ limit: 2, cursor: second.nextCursor }));
    expect(third).toEqual({ runs: [expect.objectContaining({ id: 'r0000' })], nextCursor: null });
  });

  it('gives a full last page no next cursor', () => {
    expect(listRunsPage(storeWithRuns(2), params({ limit: 2 })).nextCursor).toBeNull();
  });

  it('lists more than one page’s worth when a caller follows the pages', async () => {
    const runs = storeWithRuns(1_203);
    const all = await listAllRuns(async (page) => listRunsPage(runs, params(page)));
    expect(all).toHaveLength(1_203);
    expect(new Set(all.map((run) => run.id)).size).toBe(1_203);
  });

  it('refuses a cursor it did not give', () => {
    expect(() => listRunsPage(storeWithRuns(1), params({ cursor: 'yesterday' }))).toThrow(ApiFailure);
  });

  it('takes 200 runs by default and refuses pages above the maximum', () => {
    expect(params({})).toEqual({ limit: 200 });
    expect(() => params({ limit: 1_001 })).toThrow();
  });
});
