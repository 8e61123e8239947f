import type { RunEvent } from '../../shared/records';
import type { Db } from './database';

export type NewEvent = Omit<RunEvent, 'seq'>;

/** The events table: each run's log, numbered 1, 2, 3 … per run. */
export interface EventsTable {
  /** Appends events in one transaction and returns them numbered. */
  appendEvents(events: ReadonlyArray<NewEvent>): RunEvent[];
  listEvents(runId: string, afterSeq: number, limit: number): RunEvent[];
  /** A run's last `limit` stored events, oldest first. */
  listRecentEvents(runId: string, limit: number): RunEvent[];
  /** Every stored event of a run, in order (for export). */
  listAllEvents(runId: string): RunEvent[];
  /** A run's events of one kind from iterations up to `throughIteration`, in order. */
  listEventsOfKind(runId: string, kind: RunEvent['kind'], throughIteration: number): RunEvent[];
  /** Stores events with the sequence numbers they already have (an import); later appends continue after them. */
  insertNumberedEvents(events: ReadonlyArray<RunEvent>): void;
}

type EventsTableRow = { run_id: string; seq: number; iteration: number; kind: RunEvent['kind']; data: string; at: string };

function toEvent(row: EventsTableRow): RunEvent {
  return { runId: row.run_id, seq: row.seq, iteration: row.iteration, kind: row.kind, data: JSON.parse(row.data) as RunEvent['data'], at: row.at };
}

/** Typed access to the events table; sequence numbers are computed inside each write transaction. */
export function createEventsTable(db: Db): EventsTable {
  const statements = {
    lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events WHERE run_id = ?'),
    insertEvent: db.prepare('INSERT INTO events (run_id, seq, iteration, kind, data, at) VALUES (?, ?, ?, ?, ?, ?)'),
    listEvents: db.prepare('SELECT * FROM events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    listAllEvents: db.prepare('SELECT * FROM events WHERE run_id = ? ORDER BY seq'),
    listEventsOfKind: db.prepare('SELECT * FROM events WHERE run_id = ? AND kind = ? AND iteration <= ? ORDER BY seq'),
    listRecentEvents: db.prepare('SELECT * FROM events WHERE run_id = ? ORDER BY seq DESC LIMIT ?'),
  };
  return {
    appendEvents(events) {
      // Numbered inside the transaction from what is stored: a batch that fails and is retried leaves no gap.
      return db.transaction(() => {
        const lastSeq = new Map<string, number>();
        return events.map((event) => {
          const seq = (lastSeq.get(event.runId) ?? (statements.lastSeq.get(event.runId) as { seq: number }).seq) + 1;
          lastSeq.set(event.runId, seq);
          const numbered: RunEvent = { ...event, seq };
          statements.insertEvent.run(numbered.runId, numbered.seq, numbered.iteration, numbered.kind, JSON.stringify(numbered.data), numbered.at);
          return numbered;
        });
      })();
    },

    listEvents(runId, afterSeq, limit) {
      return (statements.listEvents.all(runId, afterSeq, limit) as EventsTableRow[]).map(toEvent);
    },

    listRecentEvents(runId, limit) {
      return (statements.listRecentEvents.all(runId, limit) as EventsTableRow[]).map(toEvent).reverse();
    },

    listAllEvents(runId) {
      return (statements.listAllEvents.all(runId) as EventsTableRow[]).map(toEvent);
    },

    listEventsOfKind(runId, kind, throughIteration) {
      return (statements.listEventsOfKind.all(runId, kind, throughIteration) as EventsTableRow[]).map(toEvent);
    },

    insertNumberedEvents(events) {
      db.transaction(() => {
        for (const event of events) {
          statements.insertEvent.run(event.runId, event.seq, event.iteration, event.kind, JSON.stringify(event.data), event.at);
        }
      })();
    },
  };
}
