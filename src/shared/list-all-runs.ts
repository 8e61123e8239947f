import type { Run } from './records';
import { RUNS_PAGE_MAX, type RunsPage } from './api';

/** How many pages `listAllRuns` follows at most: a cursor that never ends is a bug, not a reason to hang. */
const MAX_PAGES = 10_000;

/**
 * Every run, newest first, following `runs.list` pages for the callers that need them all (the
 * runs table, the tray, `autoloop ls`, a run named on the command line). `listPage` calls
 * `runs.list` with the cursor it is given.
 */
export async function listAllRuns(listPage: (params: Readonly<{ limit: number; cursor?: string }>) => Promise<RunsPage>): Promise<Run[]> {
  const runs: Run[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer: RunsPage = await listPage(cursor === null ? { limit: RUNS_PAGE_MAX } : { limit: RUNS_PAGE_MAX, cursor });
    runs.push(...answer.runs);
    if (answer.nextCursor === null) return runs;
    cursor = answer.nextCursor;
  }
  throw new Error(`runs.list did not reach its last page after ${MAX_PAGES} pages`);
}
