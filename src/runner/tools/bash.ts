import { z } from 'zod';
import { cutSummary } from '../../shared/summary-text';
import { defineTool } from './agent-tool';
import { BASH_MAX_COMMAND_CHARS, checkCommand } from './command-guard';
import { formatBytes } from './fs-text';
import type { BashRun } from './run-bash';
import { buildToolEnvironment } from '../sandbox/tool-environment';

/** How long a command may run unless the call says otherwise. */
export const BASH_DEFAULT_TIMEOUT_MS = 120_000;
/** How much of a command an approval summary shows; a longer one says how much is hidden. */
const BASH_SUMMARY_CHARS = 200;
/** The longest timeout a call may ask for. */
export const BASH_MAX_TIMEOUT_MS = 600_000;

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** The text the model sees for a finished command: its output, then how it ended. */
export function formatBashRun(run: BashRun): string {
  const lines = [run.output === '' ? '(no output)' : run.output.replace(/\n$/, '')];
  const { ending } = run;
  if (ending.kind === 'timeout') lines.push(`[timed out after ${seconds(ending.timeoutMs)}; the command and everything it started were stopped]`);
  else if (ending.signal !== null) lines.push(`[killed by ${ending.signal}]`);
  else lines.push(`[exit code ${ending.code ?? 'unknown'}]`);
  if (run.leftovers !== 'gone') lines.push('[processes the command left running in the background were stopped]');
  return lines.join('\n');
}

/** The environment of agent commands outside a run's launcher: the base allowlist of the runner's, never waiting on a pager or a prompt. */
export function bashEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return buildToolEnvironment(env, { passEnv: [], removeEnv: [] });
}

/** Runs a shell command in the working folder. */
export const bashTool = defineTool({
  name: 'bash',
  description:
    `Run a command with /bin/bash -c in the working folder. stdin is empty (nothing can prompt), stdout and stderr come back together; long output ` +
    `keeps its first and last 20 KiB. Times out after ${seconds(BASH_DEFAULT_TIMEOUT_MS)} unless timeoutMs says otherwise (at most ${seconds(BASH_MAX_TIMEOUT_MS)}); ` +
    `on timeout everything the command started is stopped, and so is anything it leaves running in the background. API keys are not in the environment.`,
  inputSchema: z.object({
    command: z.string().min(1).describe('The command line, as you would type it in bash.'),
    timeoutMs: z
      .number()
      .int()
      .min(1)
      .max(BASH_MAX_TIMEOUT_MS)
      .optional()
      .describe(`Milliseconds before the command is stopped (default ${BASH_DEFAULT_TIMEOUT_MS}).`),
  }),
  effect: 'execute',
  summarize: (input) => `bash: ${cutSummary(input.command, BASH_SUMMARY_CHARS)}`,
  refuse: (input) =>
    input.command.length > BASH_MAX_COMMAND_CHARS
      ? `refused: the command is ${formatBytes(input.command.length)} long; bash takes at most ${formatBytes(BASH_MAX_COMMAND_CHARS)}. Write a ` +
        `script with write_file and run that instead.`
      : null,
  async execute(input, context) {
    const decision = checkCommand(input.command);
    if (!decision.allowed) throw new Error(decision.reason);
    // The run's launcher confines the command to its sandbox with the run's tool environment (DESIGN §13).
    const launch = context.launcher ? await context.launcher.prepare(['/bin/bash', '-c', input.command]) : null;
    // Loaded on the first command: node:child_process and the process-group code cost a runner
    // start time only when its agent runs bash.
    const { runBash } = await import('./run-bash');
    const run = await runBash(input.command, {
      cwd: context.workdir,
      env: launch?.env ?? bashEnvironment(process.env),
      ...(launch ? { program: { file: launch.file, args: launch.args } } : {}),
      timeoutMs: input.timeoutMs ?? BASH_DEFAULT_TIMEOUT_MS,
      signal: context.signal,
    });
    return formatBashRun(run);
  },
});
