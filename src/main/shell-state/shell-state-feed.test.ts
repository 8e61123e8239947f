import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../core/events/event-bus';
import type { Approval, Run } from '../../shared/records';
import { buildRun } from '../../shared/testing/build-run';
import { buildApproval } from '../testing/build-approval';
import { type ShellStateChange, createShellStateFeed } from './shell-state-feed';

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

type Loaded = { runs: Run[]; approvals: Approval[] };

describe('createShellStateFeed', () => {
  it('replays the events that arrived during the load over the loaded state', async () => {
    const bus = createEventBus();
    const load = deferred<Loaded>();
    const feed = createShellStateFeed({ bus, load: () => load.promise, onLoadError: () => undefined });
    const changes: ShellStateChange[] = [];
    feed.subscribe((change) => changes.push(change));
    bus.publish({ type: 'run.updated', run: buildRun({ id: 'r1', status: 'waiting_approval' }) });
    bus.publish({ type: 'approval.requested', approval: buildApproval({ id: 'a1' }) });
    expect(feed.current().runs).toEqual([]);

    load.resolve({ runs: [buildRun({ id: 'r1', status: 'running' }), buildRun({ id: 'r2', status: 'paused' })], approvals: [] });
    await feed.loaded;
    expect(feed.current().runs.map((run) => [run.id, run.status])).toEqual([
      ['r1', 'waiting_approval'],
      ['r2', 'paused'],
    ]);
    expect(feed.current().approvals.map((approval) => approval.id)).toEqual(['a1']);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.event).toBeNull();
  });

  it('passes each later event on with the state before and after it', async () => {
    const bus = createEventBus();
    const feed = createShellStateFeed({
      bus,
      load: async () => ({ runs: [buildRun({ id: 'r1', status: 'running' })], approvals: [] }),
      onLoadError: () => undefined,
    });
    await feed.loaded;
    const changes: ShellStateChange[] = [];
    feed.subscribe((change) => changes.push(change));
    const ended = buildRun({ id: 'r1', status: 'ended', stopReason: 'completed' });
    bus.publish({ type: 'run.updated', run: ended });
    expect(changes[0]?.before.runs.map((run) => run.status)).toEqual(['running']);
    expect(changes[0]?.state.runs).toEqual([]);
    expect(changes[0]?.event).toEqual({ type: 'run.updated', run: ended });
  });

  it('reports a failed load and goes on from an empty state with the live events', async () => {
    const bus = createEventBus();
    const errors: unknown[] = [];
    const feed = createShellStateFeed({ bus, load: () => Promise.reject(new Error('database is locked')), onLoadError: (error) => errors.push(error) });
    await feed.loaded;
    expect(errors).toHaveLength(1);
    bus.publish({ type: 'run.updated', run: buildRun({ id: 'r9', status: 'running' }) });
    expect(feed.current().runs.map((run) => run.id)).toEqual(['r9']);
  });

  it('stops listening once disposed', async () => {
    const bus = createEventBus();
    const feed = createShellStateFeed({ bus, load: async () => ({ runs: [], approvals: [] }), onLoadError: () => undefined });
    await feed.loaded;
    feed.dispose();
    bus.publish({ type: 'run.updated', run: buildRun({ id: 'r1', status: 'running' }) });
    expect(feed.current().runs).toEqual([]);
  });
});
