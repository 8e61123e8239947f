import type { GuidanceNote } from '../../shared/verify';
import { type Run, type RunEvent, isActive } from '../../shared/records';
import type { DeltaCoalescer } from '../events/delta-coalescer';
import type { EventBus } from '../events/event-bus';
import type { Db } from '../store/database';
import type { RunsRepository } from '../store/runs-repository';

export type GuidanceDeps = Readonly<{ db: Db; runs: RunsRepository; bus: EventBus; now(): Date; flushEvents(): void }>;

/**
 * Stores a person's note to a run and its `guidance` event together, after every event already buffered, and
 * publishes the event. The note waits for the run's next gate. The caller checks the run may take it.
 */
export function recordGuidance(deps: GuidanceDeps, run: Run, said: string): RunEvent {
  const text = said.trim();
  deps.flushEvents();
  const at = deps.now().toISOString();
  // The iteration it was said in: the one running now, else the last one done.
  const iteration = isActive(run.status) ? run.iterations + 1 : run.iterations;
  const event = deps.db.transaction(() => {
    const note = deps.runs.addGuidance(run.id, text, 'user', at);
    const [stored] = deps.runs.appendEvents([{ runId: run.id, iteration, kind: 'guidance', data: { guidanceId: note.id, text, by: note.by }, at }]);
    return stored;
  })();
  if (!event) throw new Error(`the guidance event of run ${run.id} was not stored`);
  deps.bus.publish({ type: 'run.event', event });
  return event;
}

/**
 * At the gate of `iteration`: the notes waiting for the run, now marked as carried by that iteration's prompt,
 * each logged as `guidance_delivered` in that iteration.
 */
export function deliverGuidance(
  deps: Readonly<{ runs: Pick<RunsRepository, 'deliverGuidance'>; coalescer: DeltaCoalescer; now(): Date }>,
  runId: string,
  iteration: number,
): GuidanceNote[] {
  const notes = deps.runs.deliverGuidance(runId, iteration);
  for (const note of notes) {
    deps.coalescer.push({
      runId,
      iteration,
      kind: 'guidance_delivered',
      data: { guidanceId: note.id, text: note.text, by: note.by, saidAt: note.createdAt },
      at: deps.now().toISOString(),
    });
  }
  return notes.map(({ id, text, by }) => ({ id, text, by }));
}
