import type { InitMessage } from '../../shared/protocol';
import type { StopReason } from '../../shared/records';
import type { CommandLauncher } from '../sandbox/command-launcher';
import type { SupervisorLink } from '../supervisor-link';
import { bashEnvironment } from '../tools/bash';

/** How long one setup command may run (an `npm ci` of a large project included). */
export const SETUP_TIMEOUT_MS = 15 * 60_000;
/** How much of a failed command's output the run's stop detail quotes (the log has all it kept). */
const DETAIL_OUTPUT_CHARS = 2_000;

/** Setup went through, or why the run ends before iteration 1. */
export type SetupOutcome = Readonly<{ ok: true } | { ok: false; reason: StopReason; detail: string }>;

/**
 * Runs the template's `setup:` commands once, in order, in the run's working folder (its worktree) and sandbox, before
 * iteration 1. Each one is a `setup` event in the log with its exit code and output; the first that fails
 * ends the run `setup_failed` with its output, and a stop ends it as the person asked.
 */
export async function runSetup(init: InitMessage, link: SupervisorLink, launcher: CommandLauncher | undefined): Promise<SetupOutcome> {
  const { runBash } = await import('../tools/run-bash');
  for (const command of init.setup ?? []) {
    const launch = launcher ? await launcher.prepare(['/bin/bash', '-c', command]) : null;
    let run: Awaited<ReturnType<typeof runBash>>;
    try {
      run = await runBash(command, {
        cwd: init.workdir,
        env: launch?.env ?? bashEnvironment(process.env),
        ...(launch ? { program: { file: launch.file, args: launch.args } } : {}),
        timeoutMs: SETUP_TIMEOUT_MS,
        signal: link.stopSignal,
      });
    } catch (error) {
      if (link.stopSignal.aborted) return { ok: false, reason: link.stopReason() ?? 'user_stop', detail: `Stopped during setup: ${command}` };
      throw error;
    }
    const { ending } = run;
    const exitCode = ending.kind === 'exit' ? ending.code : null;
    link.send({
      type: 'event',
      iteration: 0,
      kind: 'setup',
      data: { command, exitCode, output: run.output, ...(ending.kind === 'timeout' ? { timedOutMs: ending.timeoutMs } : {}) },
    });
    if (exitCode !== 0) {
      const why =
        ending.kind === 'timeout'
          ? `timed out after ${Math.round(ending.timeoutMs / 1000)} s`
          : ending.signal
            ? `killed by ${ending.signal}`
            : `exit code ${exitCode ?? 'unknown'}`;
      return { ok: false, reason: 'setup_failed', detail: `Setup command failed (${why}): ${command}\n${run.output.slice(-DETAIL_OUTPUT_CHARS)}`.trim() };
    }
  }
  return { ok: true };
}
