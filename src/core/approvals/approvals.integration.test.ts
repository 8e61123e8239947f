import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ApiParams, StartRunParams } from '../../shared/api';
import type { Approval } from '../../shared/records';
import type { ScriptedResponse } from '../../shared/scripted-script';
import { type TempEngine } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { waitUntil } from '../testing/wait-until';

const tempEngine = tempEnginesPerFile();

const write = (path: string, content = 'hello'): ScriptedResponse => ({
  text: `Writing ${path}.`,
  toolCalls: [{ tool: 'write_file', input: { path, content } }],
});
const finish = (summary: string): ScriptedResponse => ({
  text: 'Done.',
  toolCalls: [
    { tool: 'report', input: { summary } },
    { tool: 'complete', input: { reason: summary } },
  ],
});
const report = (summary: string): ScriptedResponse => ({ text: 'Noted.', toolCalls: [{ tool: 'report', input: { summary } }] });

async function setup(responses: ScriptedResponse[], params: Partial<ApiParams<'runs.start'>> = {}) {
  const engine = tempEngine();
  const workdir = mkdtempSync(join(tmpdir(), 'autoloop-approvals-work-'));
  const model = engine.writeScript('script', { responses: [...responses, { text: 'nothing more' }], whenExhausted: 'repeat-last' });
  const requested: Approval[] = [];
  engine.bus.subscribe((event) => {
    if (event.type === 'approval.requested') requested.push(event.approval);
    // A run never shows ended while one of its requests is pending.
    if (event.type === 'run.updated' && event.run.status === 'ended') expect(engine.supervisor && pendingOf(engine, event.run.id)).toEqual([]);
  });
  // demo-counter itself is read-only; these runs use the default profile, which asks before writes.
  const run = await engine.api['runs.start'](
    StartRunParams.parse({
      template: 'demo-counter',
      model,
      workdir,
      loop: { intervalMs: 0, stagnationLimit: 0 },
      ...params,
      permissions: { profile: 'ask', ...params.permissions },
    }),
  );
  const nextRequest = async (count: number): Promise<Approval> => {
    await waitUntil(() => requested.length >= count);
    return requested[count - 1] as Approval;
  };
  return { engine, run, workdir, requested, nextRequest };
}

function pendingOf(engine: TempEngine, runId: string): string[] {
  return engine.db.prepare("SELECT id FROM approvals WHERE run_id = ? AND status = 'pending'").pluck().all(runId) as string[];
}

async function toolResults(engine: TempEngine, runId: string): Promise<string[]> {
  const { events } = await engine.api['runs.events']({ id: runId, afterSeq: 0, limit: 1_000 });
  return events.filter((event) => event.kind === 'tool_result' && event.data.tool === 'write_file').map((event) => String(event.data.output));
}

describe('approvals', () => {
  it('asks before a write, waits in waiting_approval, and runs the tool once allowed', async () => {
    const { engine, run, workdir, nextRequest } = await setup([write('notes.txt'), finish('wrote notes')]);
    const request = await nextRequest(1);
    expect(request).toMatchObject({ runId: run.id, tool: 'write_file', status: 'pending', risk: 'medium' });
    expect(request.summary).toContain('notes.txt');
    // The context a person answers with: the agent's words before the call, why it asks, and what "for this run" would allow.
    const context = {
      agentMessage: 'Writing notes.txt.',
      why: expect.stringContaining("The run's ask profile asks before every file change."),
      subject: 'notes.txt',
    };
    expect(request.context).toEqual(context);
    expect((await engine.api['runs.get']({ id: run.id })).status).toBe('waiting_approval');
    expect(await engine.api['approvals.list']({ status: 'pending' })).toEqual([expect.objectContaining({ id: request.id, context })]);
    await engine.api['approvals.decide']({ id: request.id, decision: 'allow', scope: 'once' });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'completed' });
    expect(readFileSync(join(workdir, 'notes.txt'), 'utf8')).toBe('hello');
    const [answered] = await engine.api['approvals.list']({ runId: run.id, status: 'all' });
    expect(answered).toMatchObject({ status: 'allowed', scope: 'once', decidedBy: 'user' });
    expect(answered?.context).toBeUndefined();
  });

  it('does not ask again for the same call after "allow for this run"', async () => {
    const { engine, run, requested, nextRequest } = await setup([write('a.txt'), report('first'), { text: 'ok' }, write('a.txt', 'again'), finish('second')]);
    await engine.api['approvals.decide']({ id: (await nextRequest(1)).id, decision: 'allow', scope: 'run' });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ stopReason: 'completed', iterations: 2 });
    expect(requested).toHaveLength(1);
  });

  it('tells the model about a denial and goes on', async () => {
    const { engine, run, workdir, nextRequest } = await setup([write('secret.txt'), finish('gave up writing')]);
    await engine.api['approvals.decide']({ id: (await nextRequest(1)).id, decision: 'deny', scope: 'once', reason: 'not that file' });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'completed' });
    expect(await toolResults(engine, run.id)).toEqual(['denied by the user: not that file']);
    expect(existsSync(join(workdir, 'secret.txt'))).toBe(false);
    expect((await engine.api['runs.iterations']({ id: run.id }))[0]?.status).toBe('denied');
  });

  it('answers an unknown request with not_found and a second answer with conflict', async () => {
    const { engine, run, nextRequest } = await setup([write('x.txt'), finish('x')]);
    await expect(engine.api['approvals.decide']({ id: 'nope', decision: 'allow', scope: 'once' })).rejects.toMatchObject({ code: 'not_found' });
    const request = await nextRequest(1);
    await engine.api['approvals.decide']({ id: request.id, decision: 'allow', scope: 'once' });
    await expect(engine.api['approvals.decide']({ id: request.id, decision: 'deny', scope: 'once' })).rejects.toMatchObject({ code: 'conflict' });
    await engine.supervisor.finished(run.id);
  });

  it('on timeout with deny, tells the model and goes on', async () => {
    const { engine, run } = await setup([write('t.txt'), finish('moved on')], { permissions: { approvalTimeoutMs: 300, onApprovalTimeout: 'deny' } });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'completed' });
    expect((await toolResults(engine, run.id))[0]).toContain('not answered in time');
    expect((await engine.api['approvals.list']({ runId: run.id, status: 'all' }))[0]).toMatchObject({ status: 'timed_out', decidedBy: 'timeout' });
  });

  it('on timeout with pause, pauses the run, and on resume the model knows the call was not executed', async () => {
    const { engine, run, workdir } = await setup([write('p.txt'), report('waited'), write('p.txt', 'second try'), finish('wrote it after all')], {
      permissions: { approvalTimeoutMs: 300, onApprovalTimeout: 'pause' },
    });
    const paused = await engine.supervisor.finished(run.id);
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'approval_timeout', iterations: 1 });
    expect((await toolResults(engine, run.id))[0]).toBe('not executed: the run was paused before approval');
    await engine.api['runs.resume']({ id: run.id });
    await waitUntil(() => pendingOf(engine, run.id).length === 1);
    await engine.api['approvals.decide']({ id: pendingOf(engine, run.id)[0] as string, decision: 'allow', scope: 'once' });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'completed', iterations: 2 });
    expect(readFileSync(join(workdir, 'p.txt'), 'utf8')).toBe('second try');
  });

  it('on timeout with stop, ends the run as approval_timeout', async () => {
    const { engine, run } = await setup([write('s.txt'), finish('never')], { permissions: { approvalTimeoutMs: 300, onApprovalTimeout: 'stop' } });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'approval_timeout' });
  });

  it('cancels a waiting request when the run is stopped, and the runner exits cleanly', async () => {
    const { engine, run, nextRequest } = await setup([write('w.txt'), finish('never')]);
    const request = await nextRequest(1);
    const stopped = await engine.api['runs.stop']({ id: run.id });
    expect(stopped).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
    expect(stopped.detail ?? '').not.toContain('ignored stop');
    expect((await engine.api['approvals.list']({ runId: run.id, status: 'all' })).find((approval) => approval.id === request.id)).toMatchObject({
      status: 'cancelled',
      decidedBy: 'cancelled',
    });
  });

  it('ends the run as permission_denied when its profile denies and it says onDeny: stop', async () => {
    const { engine, run, requested } = await setup([write('ro.txt'), finish('never')], { permissions: { profile: 'read-only', onDeny: 'stop' } });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'permission_denied' });
    expect(requested).toHaveLength(0);
  });
});
