import { describe, expect, it } from 'vitest';
import { createRunsRepository } from '../runs-repository';
import { databaseBefore } from '../testing/database-before';

describe('migration 0013', () => {
  it('sends the events of stored runs to every notifier and keeps a later run’s chosen notifiers, an empty list included', () => {
    const { db, upgrade } = databaseBefore(13, { withRun: true });
    upgrade();
    const runs = createRunsRepository(db);
    const stored = runs.getRun('r1');
    if (!stored) throw new Error('the run is gone');
    expect(stored.run.notify).toBeUndefined();
    runs.insertRun({ run: { ...stored.run, id: 'r2', notify: ['phone'] }, loop: stored.loop, params: {} });
    runs.insertRun({ run: { ...stored.run, id: 'r3', notify: [] }, loop: stored.loop, params: {} });
    expect(runs.getRun('r2')?.run.notify).toEqual(['phone']);
    expect(runs.getRun('r3')?.run.notify).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
