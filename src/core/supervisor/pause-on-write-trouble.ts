import type { Run } from '../../shared/records';
import type { EventBus } from '../events/event-bus';
import type { WriteTrouble } from '../events/event-writer';
import type { Logger } from '../logger';
import type { RunChanges } from '../store/runs-repository';

/** What a person reads when the disk is full: what happened, that nothing is lost yet, and what to do. */
export const DISK_FULL_NOTICE =
  'The disk is full: Autoloop cannot save run events, so every run was paused. Their last events wait in memory. ' +
  'Free some space on the disk that holds the data folder, then resume the runs.';
const FAILING_NOTICE =
  'Autoloop cannot write to its database (see the engine log), so every run was paused. Their last events wait in memory; resume the runs once it works again.';

/**
 * Turns the event writer's trouble into a clean pause: every live run stops through the stop
 * ladder (and resumes later from its checkpoint), marked `disk_full` when the disk is full, and one
 * notice says why. One pause per episode; errors on the way are logged, never thrown.
 */
export function createPauseOnWriteTrouble(
  deps: Readonly<{
    pauseAll(): Promise<ReadonlyArray<Run>>;
    update(runId: string, changes: RunChanges): Run;
    bus: EventBus;
    log: Logger;
  }>,
): (trouble: WriteTrouble) => Promise<void> {
  let pausing: Promise<void> | null = null;
  return (trouble) => {
    pausing ??= (async () => {
      const diskFull = trouble.kind === 'disk_full';
      deps.log.error(
        `pausing every run: ${diskFull ? 'the disk is full' : 'the database keeps refusing writes'} (${trouble.queued} events wait)`,
        trouble.error,
      );
      deps.bus.publish({ type: 'notice', level: 'error', message: diskFull ? DISK_FULL_NOTICE : FAILING_NOTICE });
      const paused = await deps.pauseAll().catch((error: unknown) => {
        deps.log.error('pausing the runs failed', error);
        return [];
      });
      if (!diskFull) return;
      for (const run of paused.filter((candidate) => candidate.status === 'paused')) {
        try {
          deps.update(run.id, { pauseReason: 'disk_full', detail: 'The disk is full; free some space, then resume' });
        } catch (error) {
          deps.log.error(`run ${run.id}: recording the disk-full pause failed`, error);
        }
      }
    })().finally(() => {
      pausing = null;
    });
    return pausing;
  };
}
