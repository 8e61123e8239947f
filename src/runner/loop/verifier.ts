import type { RunnerMessage } from '../../shared/protocol';
import type { LoopOptions } from '../../shared/records';
import type { PermissionGate } from '../permissions/permission-gate';
import type { CommandLauncher } from '../sandbox/command-launcher';
import type { CompleteVerdict } from '../tools/complete';
import { defaultVerifyName } from '../../shared/verify';
import { type VerifyResult, runVerifyCommand } from './run-verify-command';

export type VerifierDeps = Readonly<{
  loop: Pick<LoopOptions, 'verify' | 'maxVerifyFailures' | 'verifyEvery'>;
  workdir: string;
  launcher?: CommandLauncher;
  gate: PermissionGate;
  send(message: RunnerMessage): void;
  now?: () => number;
  /** Failed verifications of `complete` in a row before this process: a resumed run counts on from there. */
  failuresSoFar?: number;
}>;

/** The failure as the agent reads it: which command, how it ended, the end of its output. */
export function describeVerifyFailure(result: VerifyResult): string {
  const label = result.name === defaultVerifyName(result.command) ? `\`${result.command}\`` : `"${result.name}" (\`${result.command}\`)`;
  return [
    `Verification failed: ${label} — ${result.reason}.`,
    result.output.trim() === '' ? '(no output)' : `Last lines of its output:\n${result.output.trimEnd()}`,
  ].join('\n');
}

/**
 * The verification gate of one run. Its commands run, in order until one fails, when the agent calls
 * `complete` and, with `verifyEvery: iteration`, after every iteration. Each result is logged as a `verify` event.
 * A failure is kept for the next iteration's prompt; `maxVerifyFailures` failed `complete`s in a row exhaust it.
 */
export function createVerifier(deps: VerifierDeps) {
  const { loop } = deps;
  const now = deps.now ?? Date.now;
  let failuresInARow = deps.failuresSoFar ?? 0;
  let exhausted: string | null = null;
  let pendingNote: string | null = null;
  let lastRunIn = 0;

  /** Runs every command until one fails; the failing one's result, or null when all passed. Rejects on a stop. */
  async function runAll(iteration: number, signal: AbortSignal, trigger: 'complete' | 'iteration'): Promise<VerifyResult | null> {
    lastRunIn = iteration;
    for (const command of loop.verify) {
      const result = await runVerifyCommand(command, {
        workdir: deps.workdir,
        ...(deps.launcher ? { launcher: deps.launcher } : {}),
        gate: deps.gate,
        iteration,
        signal,
        now,
      });
      deps.send({ type: 'event', iteration, kind: 'verify', data: { ...result, trigger } });
      if (!result.ok) return result;
    }
    return null;
  }

  return {
    enabled: loop.verify.length > 0,
    /** The gate for `complete`: passed, or the failure the tool result carries (and the next prompt opens with). */
    async onComplete(iteration: number, signal: AbortSignal): Promise<CompleteVerdict> {
      const failure = await runAll(iteration, signal, 'complete');
      if (failure === null) {
        failuresInARow = 0;
        pendingNote = null;
        return { ok: true };
      }
      failuresInARow += 1;
      const text = describeVerifyFailure(failure);
      if (failuresInARow >= loop.maxVerifyFailures) {
        exhausted = `${failuresInARow} verification${failuresInARow === 1 ? '' : 's'} failed in a row; the last: ${failure.name} — ${failure.reason}`;
        return {
          ok: false,
          exhausted: true,
          message: `${text}\n\nThat was failed verification ${failuresInARow} of ${loop.maxVerifyFailures}: the run ends now.`,
        };
      }
      pendingNote = `The verification gate refused your \`complete\` in iteration ${iteration} (failure ${failuresInARow} of ${loop.maxVerifyFailures} allowed in a row).\n${text}`;
      return {
        ok: false,
        exhausted: false,
        message: `${text}\n\nThe run is not complete: fix the cause and call complete again (failure ${failuresInARow} of ${loop.maxVerifyFailures} allowed in a row).`,
      };
    },
    /** `verifyEvery: iteration`: the gate after an iteration whose turn did not run it; a failure only opens the next prompt. */
    async afterIteration(iteration: number, signal: AbortSignal): Promise<void> {
      if (loop.verifyEvery !== 'iteration' || loop.verify.length === 0 || lastRunIn === iteration) return;
      const failure = await runAll(iteration, signal, 'iteration');
      pendingNote = failure === null ? null : `The verification gate failed after iteration ${iteration}.\n${describeVerifyFailure(failure)}`;
    },
    /** Why the run must end as `verify_failed`, once `complete` failed verification maxVerifyFailures times in a row. */
    exhausted: (): string | null => exhausted,
    /** The failure the next iteration's prompt opens with, once. */
    takeNote(): string | null {
      const note = pendingNote;
      pendingNote = null;
      return note;
    },
  };
}

export type Verifier = ReturnType<typeof createVerifier>;
