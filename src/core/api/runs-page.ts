import type { ApiParsedParams, RunsPage } from '../../shared/api';
import { ApiFailure } from '../api-failure';
import type { RunsPosition, RunsRepository } from '../store/runs-repository';

const SEPARATOR = '|';

function encodeCursor(position: RunsPosition): string {
  return `${position.createdAt}${SEPARATOR}${position.id}`;
}

function decodeCursor(cursor: string): RunsPosition {
  const at = cursor.lastIndexOf(SEPARATOR);
  const createdAt = cursor.slice(0, at);
  const id = cursor.slice(at + 1);
  if (at <= 0 || id === '' || Number.isNaN(Date.parse(createdAt))) {
    throw new ApiFailure('invalid_input', `The runs cursor "${cursor}" is not one runs.list gave; start again without a cursor`, { field: 'cursor' });
  }
  return { createdAt, id };
}

/** One page of `runs.list`: newest first, and the cursor of the next page while there is one (DESIGN §5). */
export function listRunsPage(runs: RunsRepository, params: ApiParsedParams<'runs.list'>): RunsPage {
  const after = params.cursor === undefined ? null : decodeCursor(params.cursor);
  // One more than asked says whether another page follows, without a count.
  const found = runs.listRuns(params.limit + 1, after);
  const page = found.slice(0, params.limit);
  const last = page.at(-1);
  return { runs: page, nextCursor: found.length > params.limit && last ? encodeCursor(last) : null };
}
