import { parseArgs } from 'node:util';
import { escapeForOneLine } from '../../../shared/summary-text';
import type { Run } from '../../../shared/records';
import type { AppPaths } from '../../app-paths';
import { resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS } from '../command-args';
import { EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { formatCost, formatTokensShort } from '../../../shared/format';
import { formatRelativeTime } from '../format-values';
import { describeRunStatus, paintRunStatus } from '../run-words';
import { type Output, createOutput } from '../terminal-output';
import { listAllRuns } from '../../../shared/list-all-runs';
import { describeQueuePlace, queuePlaces } from '../../../shared/run-queue';

/** How long an ended run still shows in a plain `autoloop ls`. */
export const RECENTLY_ENDED_MS = 24 * 3_600_000;

/** The runs `ls` shows: every run not ended, and those that ended in the last day; `all` shows every run. Pure. */
export function selectRunsToList(runs: ReadonlyArray<Run>, all: boolean, now: Date): Run[] {
  if (all) return [...runs];
  return runs.filter((run) => run.status !== 'ended' || now.getTime() - Date.parse(run.endedAt ?? run.createdAt) < RECENTLY_ENDED_MS);
}

function printTable(runs: ReadonlyArray<Run>, output: Output, now: Date): void {
  const places = queuePlaces(runs);
  const lines = formatTable(
    runs,
    [
      { header: 'ID', value: (run) => run.id },
      { header: 'NAME', value: (run) => escapeForOneLine(run.name), maxWidth: 32 },
      {
        header: 'STATUS',
        value: (run) => (run.status === 'queued' ? describeQueuePlace(places.get(run.id)) : describeRunStatus(run)),
        paint: (text, run) => paintRunStatus(run, output.paint)(text),
      },
      { header: 'ITER', value: (run) => String(run.iterations), align: 'right' },
      { header: 'TOKENS', value: (run) => formatTokensShort(run.inputTokens + run.outputTokens), align: 'right' },
      { header: 'COST', value: (run) => (run.costUsd === null ? '?' : formatCost(run.costUsd)), align: 'right' },
      { header: 'STARTED', value: (run) => formatRelativeTime(run.startedAt ?? run.createdAt, now) },
    ],
    output.paint.bold,
  );
  lines.forEach((line) => output.line(line));
}

/** `autoloop ls [--all] [--json]`: active, paused and recently ended runs (DESIGN §11). */
export async function listRunsCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_OPTIONS, all: { type: 'boolean', default: false } } });
  const output = createOutput({ json: values.json });
  const runs = await withSession(resolveDataDir(values['data-dir']), paths, 'read', (session) => listAllRuns((page) => session.call('runs.list', page)));
  const now = new Date();
  const shown = selectRunsToList(runs, values.all, now);
  if (output.json) {
    shown.forEach((run) => output.jsonLine(run));
    return EXIT_OK;
  }
  const hidden = runs.length - shown.length;
  if (shown.length === 0) {
    output.line(hidden > 0 ? `No active or recent runs; ${hidden} older ones: autoloop ls --all` : 'No runs yet. Try one: autoloop run demo-counter');
    return EXIT_OK;
  }
  printTable(shown, output, now);
  if (hidden > 0) output.line(output.paint.dim(`${hidden} older ${hidden === 1 ? 'run' : 'runs'} not shown: autoloop ls --all`));
  return EXIT_OK;
}
