import { messageOf } from '../../shared/errors';
import { VERIFY_OUTPUT_TAIL_BYTES, type VerifyCommand } from '../../shared/verify';
import type { PermissionGate } from '../permissions/permission-gate';
import type { CommandLauncher } from '../sandbox/command-launcher';
import { bashEnvironment, bashTool } from '../tools/bash';
import { checkCommand } from '../tools/command-guard';

/** How one verify command went: passed or not, why not, and the end of what it printed. */
export type VerifyResult = Readonly<{
  name: string;
  command: string;
  ok: boolean;
  exitCode: number | null;
  durationMs: number;
  /** The last VERIFY_OUTPUT_TAIL_BYTES of its output (stdout and stderr together). */
  output: string;
  /** Why it failed, in words: an exit code, a timeout, a denial, a start that failed. Empty when it passed. */
  reason: string;
}>;

export type VerifyCommandDeps = Readonly<{
  workdir: string;
  launcher?: CommandLauncher;
  gate: PermissionGate;
  iteration: number;
  signal: AbortSignal;
  now(): number;
}>;

/** The last `bytes` bytes of a text, cut at a character boundary, saying that the start was left out. */
export function tailOf(text: string, bytes: number = VERIFY_OUTPUT_TAIL_BYTES): string {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= bytes) return text;
  const marker = '[… earlier output left out]\n';
  let start = buffer.length - bytes + Buffer.byteLength(marker);
  // Skip UTF-8 continuation bytes so the tail starts on a whole character.
  while (start < buffer.length && ((buffer[start] ?? 0) & 0xc0) === 0x80) start += 1;
  return marker + buffer.subarray(start).toString('utf8');
}

function exitReason(code: number | null, signal: string | null): string {
  if (signal !== null) return `killed by ${signal}`;
  if (code === 127) return 'exit code 127 (command not found)';
  if (code === 126) return 'exit code 126 (not executable or permission denied)';
  return `exit code ${code ?? 'unknown'}`;
}

/**
 * Runs one verify command as the bash tool runs the agent's: the same guard, the same permission rules (a person
 * may be asked), the run's sandbox and tool environment, its own process group stopped on timeout or stop.
 * Every way it can go wrong is a failed result with the reason; only a stop of the run rejects (AbortError).
 */
export async function runVerifyCommand(command: VerifyCommand, deps: VerifyCommandDeps): Promise<VerifyResult> {
  const started = deps.now();
  const failed = (reason: string, output = '', exitCode: number | null = null): VerifyResult => ({
    name: command.name,
    command: command.run,
    ok: false,
    exitCode,
    durationMs: deps.now() - started,
    output: tailOf(output),
    reason,
  });
  const guard = checkCommand(command.run);
  if (!guard.allowed) return failed(`refused: ${guard.reason}`);
  const verdict = await deps.gate.check(bashTool, { command: command.run }, deps.iteration);
  if (deps.signal.aborted) throw abortError();
  if (!verdict.allowed) return failed(`not run: ${verdict.message}`);
  const { runBash } = await import('../tools/run-bash');
  try {
    const launch = deps.launcher ? await deps.launcher.prepare(['/bin/bash', '-c', command.run]) : null;
    const run = await runBash(command.run, {
      cwd: deps.workdir,
      env: launch?.env ?? bashEnvironment(process.env),
      ...(launch ? { program: { file: launch.file, args: launch.args } } : {}),
      timeoutMs: command.timeoutMs,
      signal: deps.signal,
    });
    const { ending } = run;
    if (ending.kind === 'timeout')
      return failed(`timed out after ${Math.round(ending.timeoutMs / 100) / 10} s; it and everything it started were stopped`, run.output);
    const ok = ending.code === 0 && ending.signal === null;
    return { ...failed(ok ? '' : exitReason(ending.code, ending.signal), run.output, ending.code), ok };
  } catch (error) {
    if (deps.signal.aborted) throw error;
    return failed(`could not run: ${messageOf(error)}`);
  }
}

function abortError(): Error {
  const error = new Error('verify: the run was stopped');
  error.name = 'AbortError';
  return error;
}
