import type { Logger } from '../logger';
import type { LiveRun } from './live-run';

/** The part of `process` that sends signals (a recording fake in tests). */
export type SignalSender = (pid: number, signal: NodeJS.Signals) => void;

/**
 * Kills the process groups a run's tools started that the runner never saw end: when its process is gone, whatever
 * ended it (a SIGKILL cannot be caught, so the runner's own handler never ran). On Linux the sandbox's PID namespace
 * already ends them; elsewhere (macOS) this is what does. Returns how many groups were still there.
 */
export function killLeftoverGroups(state: LiveRun, log: Logger, send: SignalSender = (pid, signal) => process.kill(pid, signal)): number {
  let killed = 0;
  for (const pgid of state.processGroups) {
    // Never this process's own group, whatever a runner reported.
    if (pgid === process.pid) continue;
    try {
      send(-pgid, 'SIGKILL');
      killed += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH')
        log.error(`run ${state.runId}: could not kill process group ${pgid} its runner left behind`, error);
    }
  }
  state.processGroups.clear();
  if (killed > 0) log.info(`run ${state.runId}: killed ${killed} process group${killed === 1 ? '' : 's'} its runner left behind`);
  return killed;
}
