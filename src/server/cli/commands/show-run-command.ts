import { escapeControlCharacters, escapeForOneLine } from '../../../shared/summary-text';
import { parseArgs } from 'node:util';
import { formatDuration } from '../../../shared/duration';
import type { Iteration, Run } from '../../../shared/records';
import type { SandboxKind } from '../../../shared/sandbox';
import { AGENT_LABELS, describeRunSandbox } from '../../../shared/agents';
import { describeWorktreeState } from '../../../shared/worktree';
import { describeContextMode } from '../../../shared/context-mode';
import { describeVerifyCommands } from '../../../shared/verify';
import { describeRunNotify, runNotifyChoice } from '../../../shared/notifiers';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS, findRun, onePositional } from '../command-args';
import { EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { formatCacheTokens, formatCost, formatTokensShort } from '../../../shared/format';
import { formatRelativeTime } from '../format-values';
import { describeLimits, describeOutcome, describeRunStatus, formatRunSummary, paintRunStatus } from '../run-words';
import type { Output } from '../terminal-output';
import { createOutput } from '../terminal-output';

function when(iso: string | null, now: Date): string {
  return iso === null ? '—' : `${formatRelativeTime(iso, now)} (${iso})`;
}

/** The facts about a run as `label value` lines. Pure. */
export function describeRunFacts(run: Run, now: Date, hostSandbox?: SandboxKind): Array<readonly [string, string]> {
  return [
    [
      'Status',
      run.status === 'ended' || run.status === 'paused'
        ? describeOutcome(run)
        : `${describeRunStatus(run)}${run.detail ? ` — ${escapeControlCharacters(run.detail)}` : ''}`,
    ],
    ['Template', `${run.template} (revision ${run.templateRevision.slice(0, 12)})`],
    ['Agent', AGENT_LABELS[run.agent]],
    ['Model', run.model],
    ['Workdir', run.workdir],
    ...(run.worktree
      ? ([
          ['Branch', `${run.worktree.branch} from ${run.worktree.baseRef} (${run.worktree.baseCommit.slice(0, 12)}) in ${run.worktree.repoPath}`],
          ['Worktree', run.worktreeState ? describeWorktreeState(run.worktreeState) : '—'],
        ] as const)
      : []),
    ['Permissions', `${run.permissions.profile}${run.permissions.rules.length > 0 ? ` + ${run.permissions.rules.length} rules` : ''}`],
    [
      'Sandbox',
      `${describeRunSandbox(run.agent, run.sandbox, run.permissions.profile, hostSandbox)}${run.sandbox === 'none' ? '' : `; network: ${run.network.length > 0 ? run.network.join(', ') : 'none'}`}`,
    ],
    ['Limits', describeLimits(run.limits)],
    ['Context', `${run.context}: ${describeContextMode(run.context)}`],
    ...(run.mcp && run.mcp.length > 0 ? [['MCP servers', run.mcp.join(', ')] as const] : []),
    ...(run.verify && run.verify.length > 0 ? [['Verify', describeVerifyCommands(run.verify)] as const] : []),
    ['Notifiers', describeRunNotify(run.notify)],
    ['Usage', formatRunSummary(run, now)[1] ?? ''],
    ['Cache', formatCacheTokens(run)],
    ['Created', when(run.createdAt, now)],
    ['Started', when(run.startedAt, now)],
    ['Ended', when(run.endedAt, now)],
  ];
}

function printRun(run: Run, iterations: ReadonlyArray<Iteration>, hostSandbox: SandboxKind | undefined, output: Output): void {
  const now = new Date();
  const { paint } = output;
  output.line(`${paint.bold(escapeForOneLine(run.name))}  ${run.id}  ${paintRunStatus(run, paint)(describeRunStatus(run))}`);
  for (const [label, value] of describeRunFacts(run, now, hostSandbox)) output.line(`  ${paint.dim(label.padEnd(12))}${value}`);
  output.line();
  if (iterations.length === 0) {
    output.line('No iterations yet.');
    return;
  }
  const table = formatTable(
    iterations,
    [
      { header: '#', value: (iteration) => String(iteration.n), align: 'right' },
      {
        header: 'STATUS',
        value: (iteration) => iteration.status,
        paint: (text, iteration) => (iteration.status === 'ok' ? paint.green(text) : paint.yellow(text)),
      },
      { header: 'DURATION', value: (iteration) => (iteration.durationMs === null ? '—' : formatDuration(iteration.durationMs)), align: 'right' },
      { header: 'TOKENS', value: (iteration) => formatTokensShort(iteration.inputTokens + iteration.outputTokens), align: 'right' },
      { header: 'CACHED', value: (iteration) => formatTokensShort(iteration.cacheReadTokens), align: 'right' },
      { header: 'COST', value: (iteration) => (iteration.costUsd === null ? '?' : formatCost(iteration.costUsd)), align: 'right' },
      { header: 'SUMMARY', value: (iteration) => escapeControlCharacters(iteration.summary), maxWidth: Math.max(20, output.columns - 68) },
    ],
    paint.bold,
  );
  table.forEach((line) => output.line(line));
}

/** `autoloop show <run> [--json]`: the run and its iterations (DESIGN §11); the JSON run line says where its notifications go (`notifiers`). */
export async function showRunCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: COMMON_OPTIONS });
  const ref = onePositional(positionals, 'autoloop show <run> [--json]');
  const output = createOutput({ json: values.json });
  const { run, iterations, hostSandbox } = await withSession(resolveDataDir(values['data-dir']), paths, 'read', async (session) => {
    const found = await findRun(session, ref);
    // A trusted Claude Code or Codex run is in Autoloop's bubblewrap when the engine's machine has one.
    const host = found.agent !== 'autoloop' && found.sandbox === 'none' ? (await session.call('system.info', {})).hostSandbox : undefined;
    return { run: found, iterations: await session.call('runs.iterations', { id: found.id }), hostSandbox: host };
  });
  if (output.json) {
    output.jsonLine({ type: 'run', run, notifiers: runNotifyChoice(run.notify) });
    iterations.forEach((iteration) => output.jsonLine({ type: 'iteration', iteration }));
  } else {
    printRun(run, iterations, hostSandbox, output);
  }
  return EXIT_OK;
}
