import type { Run } from './records';

/** A queued run's place: 1-based, of how many wait. */
export type QueuePlace = Readonly<{ position: number; of: number }>;

/** The place of each queued run among `runs`, oldest first (the order the engine starts them in). */
export function queuePlaces(runs: ReadonlyArray<Pick<Run, 'id' | 'status' | 'createdAt'>>): ReadonlyMap<string, QueuePlace> {
  const queued = runs
    .filter((run) => run.status === 'queued')
    .toSorted((a, b) => (a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt)));
  return new Map(queued.map((run, index) => [run.id, { position: index + 1, of: queued.length }]));
}

/** "queued 2 of 3", as lists, the tray and the CLI show a queued run. */
export function describeQueuePlace(place: QueuePlace | undefined): string {
  return place ? `queued ${place.position} of ${place.of}` : 'queued';
}
