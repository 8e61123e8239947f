import { parseArgs } from 'node:util';
import { ApiCallError } from '../../../shared/api-call-error';
import { escapeControlCharacters, escapeForOneLine } from '../../../shared/summary-text';
import { type MergeCheck, MergeStrategy, type RunDiff } from '../../../shared/worktree';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS, findRun, onePositional } from '../command-args';
import { EXIT_FAILURE, EXIT_OK } from '../exit-code';
import { choiceFlag } from '../flag-values';
import { type Output, createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';

/** `--stat`: one line per file with its +/- counts, then the totals, as `git diff --stat` reads. */
export function formatDiffStat(diff: RunDiff, output: Pick<Output, 'paint'>): string[] {
  const width = Math.min(60, Math.max(0, ...diff.files.map((file) => file.path.length)));
  const lines = diff.files.map((file) => {
    const name = escapeControlCharacters(file.oldPath ? `${file.oldPath} => ${file.path}` : file.path).padEnd(width);
    const counts = file.binary ? 'binary' : `${output.paint.green(`+${file.additions}`)} ${output.paint.red(`-${file.deletions}`)}`;
    return ` ${name} | ${counts}`;
  });
  const added = diff.files.reduce((sum, file) => sum + file.additions, 0);
  const deleted = diff.files.reduce((sum, file) => sum + file.deletions, 0);
  lines.push(
    ` ${diff.files.length} file${diff.files.length === 1 ? '' : 's'} changed, ${added} insertion${added === 1 ? '' : 's'}(+), ${deleted} deletion${deleted === 1 ? '' : 's'}(-)`,
  );
  if (diff.uncommitted) lines.push(' (the worktree also has changes no iteration has committed yet)');
  return lines;
}

/**
 * `autoloop diff <run> [--iteration N] [--stat] [--json]`: the run's changes (or one iteration's) as a unified diff that
 * `git apply` accepts when piped; on a terminal, control characters in the files are shown, never obeyed.
 */
export async function diffCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, iteration: { type: 'string' }, stat: { type: 'boolean', default: false } },
  });
  const ref = onePositional(positionals, 'autoloop diff <run> [--iteration N] [--stat]');
  const iteration = values.iteration === undefined ? undefined : Number(values.iteration);
  if (iteration !== undefined && (!/^\d+$/.test(values.iteration ?? '') || !Number.isSafeInteger(iteration) || iteration < 1))
    throw new UsageError(`--iteration takes an iteration number (1, 2, …), not "${values.iteration}"`);
  const output = createOutput({ json: values.json });
  return withSession(resolveDataDir(values['data-dir']), paths, 'read', async (session) => {
    const run = await findRun(session, ref);
    const diff = await session.call('runs.diff', { id: run.id, ...(iteration === undefined ? {} : { iteration }), patch: !values.stat && !values.json });
    if (output.json) output.jsonLine(diff);
    else if (values.stat) formatDiffStat(diff, output).forEach((line) => output.line(line));
    else output.write(output.isTTY ? escapeControlCharacters(diff.patch ?? '') : (diff.patch ?? ''));
    return EXIT_OK;
  });
}

function describeCheck(check: MergeCheck): string[] {
  const lines = [
    `Into ${check.into || '(no branch)'}: ${check.commits} commit${check.commits === 1 ? '' : 's'}, ${check.files} file${check.files === 1 ? '' : 's'} changed.`,
  ];
  if (check.conflicts.length > 0)
    lines.push(
      `Conflicts in ${check.conflicts.length} file${check.conflicts.length === 1 ? '' : 's'}:`,
      ...check.conflicts.map((file) => `  ${escapeControlCharacters(file)}`),
    );
  else lines.push('Merges cleanly.');
  if (check.blocked !== null) lines.push(`Refused now: ${check.blocked}`);
  return lines;
}

/** The files a refused merge names, each on its own line under the message. */
function conflictsOf(error: unknown): string[] {
  if (!(error instanceof ApiCallError)) return [];
  const details = error.details as { conflicts?: unknown } | undefined;
  return Array.isArray(details?.conflicts) ? details.conflicts.filter((file): file is string => typeof file === 'string') : [];
}

/**
 * `autoloop merge <run> [--strategy squash|merge|rebase] [--into BRANCH] [--keep-branch] [--check]`: merges the run's
 * branch back (after a dry run; a conflict is refused with its files) and removes its worktree; `--check` only tells.
 */
export async function mergeCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...COMMON_OPTIONS,
      strategy: { type: 'string' },
      into: { type: 'string' },
      'keep-branch': { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
    },
  });
  const ref = onePositional(positionals, 'autoloop merge <run> [--strategy squash|merge|rebase] [--into BRANCH] [--keep-branch] [--check]');
  const strategy = choiceFlag('--strategy', values.strategy, MergeStrategy.options) ?? 'squash';
  const into = values.into === undefined ? {} : { into: values.into };
  const output = createOutput({ json: values.json });
  return withSession(resolveDataDir(values['data-dir']), paths, 'read', async (session) => {
    const run = await findRun(session, ref);
    if (values.check) {
      const check = await session.call('runs.mergeCheck', { id: run.id, ...into });
      if (output.json) output.jsonLine(check);
      else describeCheck(check).forEach((line) => output.line(line));
      return check.conflicts.length > 0 || check.blocked !== null ? EXIT_FAILURE : EXIT_OK;
    }
    try {
      const { merge } = await session.call('runs.merge', { id: run.id, strategy, keepBranch: values['keep-branch'], ...into });
      if (output.json) output.jsonLine(merge);
      else
        output.line(
          `Merged ${output.paint.bold(escapeForOneLine(run.name))} into ${merge.into} (${merge.strategy}, ${merge.commit.slice(0, 12)})${merge.branchKept ? `; kept ${run.worktree?.branch ?? 'its branch'}` : ''}`,
        );
      return EXIT_OK;
    } catch (error) {
      for (const file of conflictsOf(error)) output.warn(`  conflict: ${escapeControlCharacters(file)}`);
      throw error;
    }
  });
}

/** `autoloop discard <run> [--keep-branch]`: throws the run's changes away, removing its worktree and branch. */
export async function discardCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, 'keep-branch': { type: 'boolean', default: false } },
  });
  const ref = onePositional(positionals, 'autoloop discard <run> [--keep-branch]');
  const output = createOutput({ json: values.json });
  return withSession(resolveDataDir(values['data-dir']), paths, 'read', async (session) => {
    const found = await findRun(session, ref);
    const run = await session.call('runs.discard', { id: found.id, keepBranch: values['keep-branch'] });
    if (output.json) output.jsonLine(run);
    else
      output.line(
        `Discarded the changes of ${output.paint.bold(escapeForOneLine(run.name))} (${run.id})${values['keep-branch'] ? `; kept ${run.worktree?.branch ?? 'its branch'}` : ''}`,
      );
    return EXIT_OK;
  });
}
