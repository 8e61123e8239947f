import { describe, expect, it } from 'vitest';
import type { Approval } from '../../shared/records';
import { buildRun } from '../../shared/testing/build-run';
import { resolveApprovalRef, resolveRunRef, shortId } from './resolve-ref';

const runs = [
  buildRun({ id: 'rabc111', name: 'fixer', status: 'running' }),
  buildRun({ id: 'rabc222', name: 'fixer', status: 'ended', stopReason: 'completed' }),
  buildRun({ id: 'rdef333', name: 'counter', status: 'ended', stopReason: 'completed' }),
  buildRun({ id: 'rdef444', name: 'counter', status: 'ended', stopReason: 'user_stop' }),
  buildRun({ id: 'rxyz555', name: 'rabc', status: 'paused', pauseReason: 'user' }),
];
const idOf = (ref: string): string | null => {
  const resolved = resolveRunRef(runs, ref);
  return resolved.ok ? resolved.value.id : null;
};

describe('resolveRunRef', () => {
  it('finds a run by its id, its name, or the start of its id', () => {
    expect(idOf('rdef333')).toBe('rdef333');
    expect(idOf('rxyz')).toBe('rxyz555');
    expect(idOf('rabc')).toBe('rxyz555'); // a name beats an id prefix
  });
  it('takes the one run of a shared name that is not ended', () => {
    expect(idOf('fixer')).toBe('rabc111');
  });
  it('refuses a name or a prefix that fits several runs, listing them', () => {
    expect(resolveRunRef(runs, 'counter')).toEqual({
      ok: false,
      reason: 'ambiguous',
      message: 'The name "counter" fits 2 of them (rdef333, rdef444): give more of the id',
    });
    expect(resolveRunRef(runs, 'rdef')).toMatchObject({ ok: false, reason: 'ambiguous' });
  });
  it('says how to list the runs when none fits', () => {
    expect(resolveRunRef(runs, 'nope')).toEqual({
      ok: false,
      reason: 'not_found',
      message: 'There is no run "nope"; `autoloop ls --all` lists every run with its id and name',
    });
  });
});

describe('resolveApprovalRef', () => {
  const approval = (id: string): Approval => ({
    id,
    runId: 'r1',
    iteration: 1,
    tool: 'bash',
    input: {},
    summary: 'npm test',
    risk: 'high',
    status: 'pending',
    scope: null,
    reason: null,
    decidedBy: null,
    requestedAt: '2025-01-01T00:00:00.000Z',
    decidedAt: null,
    expiresAt: null,
  });
  const approvals = [approval('655b5799-aaaa'), approval('655c0000-bbbb'), approval('9f00aaaa-cccc')];
  it('accepts the short id the tables show', () => {
    expect(shortId('655b5799-aaaa')).toBe('655b5799');
    expect(resolveApprovalRef(approvals, '655b5799')).toMatchObject({ ok: true, value: { id: '655b5799-aaaa' } });
    expect(resolveApprovalRef(approvals, '9f00aaaa-cccc')).toMatchObject({ ok: true, value: { id: '9f00aaaa-cccc' } });
  });
  it('refuses a prefix that fits several, and one that fits none', () => {
    expect(resolveApprovalRef(approvals, '655')).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(resolveApprovalRef(approvals, 'zzz')).toMatchObject({ ok: false, reason: 'not_found' });
  });
});
