import type { ApiCaller } from '../api-client';
import { ApiCallError } from '../../shared/api-call-error';
import type { Run } from '../../shared/records';
import { RunId } from '../../shared/records';
import { CliFailure } from './cli-failure';
import { EXIT_INVALID_INPUT } from './exit-code';
import { resolveRunRef } from './resolve-ref';
import { UsageError } from './usage-error';
import { listAllRuns } from '../../shared/list-all-runs';

/** Options every command takes (DESIGN §11). */
export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** The one positional argument a command takes, or a usage error that shows how to call it. */
export function onePositional(positionals: ReadonlyArray<string>, usage: string): string {
  const [only] = positionals;
  if (only === undefined || only === '' || positionals.length > 1) throw new UsageError(`usage: ${usage}`);
  return only;
}

/** The run a person named by id, name or the start of its id (exit 2 when none or several fit). */
export async function findRun(api: ApiCaller, ref: string): Promise<Run> {
  if (RunId.safeParse(ref).success) {
    try {
      return await api.call('runs.get', { id: ref });
    } catch (error) {
      if (!(error instanceof ApiCallError && error.code === 'not_found')) throw error;
    }
  }
  const resolved = resolveRunRef(await listAllRuns((page) => api.call('runs.list', page)), ref);
  if (!resolved.ok) throw new CliFailure(resolved.message, EXIT_INVALID_INPUT);
  return resolved.value;
}
