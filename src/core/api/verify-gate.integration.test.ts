import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ApiParams, StartRunParams } from '../../shared/api';
import { describeEvent } from '../../shared/event-words';
import type { RunEvent } from '../../shared/records';
import type { ScriptedResponse } from '../../shared/scripted-script';
import { type TempEngine } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { waitUntil } from '../testing/wait-until';
import { sleepsOf } from '../../testing/processes';

// The verification gate with real runner processes and real commands; only the model is scripted.

const tempEngine = tempEnginesPerFile();

const complete: ScriptedResponse = { text: 'All done.', toolCalls: [{ tool: 'complete', input: { reason: 'the file is there' } }] };
const report = (summary: string): ScriptedResponse[] => [
  { text: 'Noted.', toolCalls: [{ tool: 'report', input: { summary } }] },
  { text: 'End of iteration.' },
];
const write = (path: string): ScriptedResponse => ({ text: `Writing ${path}.`, toolCalls: [{ tool: 'write_file', input: { path, content: 'yes' } }] });
const NEEDS_FIXED = 'test -f fixed.txt || { echo "checking…"; echo "fixed.txt is missing"; exit 1; }';

async function start(responses: ScriptedResponse[], params: Partial<ApiParams<'runs.start'>>) {
  const engine = tempEngine();
  const workdir = mkdtempSync(join(tmpdir(), 'autoloop-verify-work-'));
  const model = engine.writeScript('script', { responses, whenExhausted: 'repeat-last' });
  const run = await engine.api['runs.start'](
    StartRunParams.parse({
      template: 'demo-counter',
      model,
      workdir,
      ...params,
      loop: { intervalMs: 0, stagnationLimit: 0, ...params.loop },
      permissions: { profile: 'trusted', ...params.permissions },
    }),
  );
  return { engine, run, workdir };
}

async function eventsOf(engine: TempEngine, runId: string, kind?: RunEvent['kind']): Promise<RunEvent[]> {
  const { events } = await engine.api['runs.events']({ id: runId, afterSeq: 0, limit: 5_000 });
  return kind ? events.filter((event) => event.kind === kind) : events;
}

/** The user message that opened each iteration, from the stored conversation. */
function promptsOf(engine: TempEngine, runId: string): Map<number, string> {
  const rows = engine.db.prepare('SELECT iteration, message FROM messages WHERE run_id = ? ORDER BY seq').all(runId) as {
    iteration: number;
    message: string;
  }[];
  const prompts = new Map<number, string>();
  for (const row of rows) {
    const message = JSON.parse(row.message) as { role: string; content: unknown };
    if (message.role === 'user' && typeof message.content === 'string' && !prompts.has(row.iteration)) prompts.set(row.iteration, message.content);
  }
  return prompts;
}

describe('the verification gate', () => {
  it('refuses complete while a command fails, feeds the failure into the next prompt, and completes once the agent fixed it', async () => {
    const { engine, run } = await start([complete, ...report('verify failed, will fix'), write('fixed.txt'), complete], {
      verify: [{ run: NEEDS_FIXED, name: 'fixed file' }],
    });
    const ended = await engine.supervisor.finished(run.id);
    expect(ended).toMatchObject({
      status: 'ended',
      stopReason: 'completed',
      iterations: 2,
      verify: [{ run: NEEDS_FIXED, name: 'fixed file', timeoutMs: 600_000 }],
    });

    const verifies = await eventsOf(engine, run.id, 'verify');
    expect(verifies.map((event) => [event.iteration, event.data.ok, event.data.exitCode])).toEqual([
      [1, false, 1],
      [2, true, 0],
    ]);
    expect(verifies[0]?.data).toMatchObject({ name: 'fixed file', command: NEEDS_FIXED, reason: 'exit code 1', trigger: 'complete' });
    expect(String(verifies[0]?.data.output)).toContain('fixed.txt is missing');
    expect(typeof verifies[0]?.data.durationMs).toBe('number');
    expect(describeEvent(verifies[0] as RunEvent)).toMatch(/^✗ verify fixed file \(.*\): exit code 1 in [\d.]+ s — fixed.txt is missing$/);

    const completeResults = (await eventsOf(engine, run.id, 'tool_result')).filter((event) => event.data.tool === 'complete');
    expect(String(completeResults[0]?.data.output)).toMatch(
      /^Verification failed: "fixed file" .* — exit code 1\.\nLast lines of its output:\nchecking…\nfixed.txt is missing/,
    );
    expect(String(completeResults[1]?.data.output)).toContain('Every verify command passed');

    const prompts = promptsOf(engine, run.id);
    expect(prompts.get(2)).toMatch(
      /^The verification gate refused your `complete` in iteration 1 \(failure 1 of 3 allowed in a row\)\.\nVerification failed: "fixed file"/,
    );
    expect(prompts.get(2)).toContain('fixed.txt is missing');
    expect(prompts.get(1)).toMatch(/^This is iteration 1\. Begin the program/);
  }, 30_000);

  it('ends the run verify_failed after maxVerifyFailures failed verifications in a row', async () => {
    const { engine, run } = await start([complete], { verify: 'exit 3', loop: { repeatedToolCallLimit: 10 } });
    const ended = await engine.supervisor.finished(run.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'verify_failed' });
    expect(ended.detail).toContain('3 verifications failed in a row');
    const verifies = await eventsOf(engine, run.id, 'verify');
    expect(verifies.map((event) => event.data.exitCode)).toEqual([3, 3, 3]);
    const last = (await eventsOf(engine, run.id, 'tool_result')).filter((event) => event.data.tool === 'complete').at(-1);
    expect(String(last?.data.output)).toContain('That was failed verification 3 of 3: the run ends now.');
  }, 30_000);

  it('verifyEvery: iteration runs the gate after each iteration and feeds a failure forward without ending the run', async () => {
    const { engine, run } = await start([...report('looked around'), write('fixed.txt'), ...report('wrote the file')], {
      verify: NEEDS_FIXED,
      loop: { verifyEvery: 'iteration' },
      limits: { maxIterations: 2 },
    });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'iteration_limit', iterations: 2 });
    const verifies = await eventsOf(engine, run.id, 'verify');
    expect(verifies.map((event) => [event.iteration, event.data.ok, event.data.trigger])).toEqual([
      [1, false, 'iteration'],
      [2, true, 'iteration'],
    ]);
    expect(promptsOf(engine, run.id).get(2)).toMatch(/^The verification gate failed after iteration 1\.\nVerification failed: `test -f fixed.txt/);
  }, 30_000);

  it('a stop during a verify command kills it and everything it started', async () => {
    // A sandbox may give the command its own PID namespace: it is found by its unique arguments instead of a pid it prints.
    const marker = `${300 + Math.floor(Math.random() * 1_000)}.5`;
    const { engine, run } = await start([complete], { verify: `sleep ${marker} & wait` });
    await waitUntil(() => sleepsOf(marker).length > 0, 'the verify command to start');
    await engine.api['runs.stop']({ id: run.id });
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
    await waitUntil(() => sleepsOf(marker).length === 0, 'the verify command to be gone', 5_000);
  }, 30_000);

  it.each([
    ['a command that does not exist', { verify: 'definitely-not-a-command-autoloop' }, /exit code 127 \(command not found\)/],
    ['a command past its timeout', { verify: [{ run: 'sleep 30', timeout: '1s' }] }, /^timed out after 1 s/],
    [
      'a command the permission rules deny',
      { verify: 'echo hi', permissions: { profile: 'trusted' as const, rules: [{ tool: 'bash', pattern: 'echo *', action: 'deny' as const }] } },
      /^not run: denied by the run's permissions/,
    ],
  ])(
    '%s is a failed verification with the reason, never a pass',
    async (_what, params, reason) => {
      const { engine, run } = await start([complete], { ...params, loop: { maxVerifyFailures: 1 } });
      expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'verify_failed' });
      const [verify] = await eventsOf(engine, run.id, 'verify');
      expect(verify?.data.ok).toBe(false);
      expect(String(verify?.data.reason)).toMatch(reason);
    },
    30_000,
  );

  it('takes its commands from the template front-matter: a string or { run, timeout, name }, with loop.maxVerifyFailures', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'autoloop-verify-template-'));
    const file = join(folder, 'checked.md');
    const frontMatter = [
      '---',
      'verify:',
      '  - "true"',
      '  - { run: "exit 5", timeout: 30s, name: five }',
      'loop: { maxVerifyFailures: 1 }',
      '---',
      '# Checked',
      '',
      'Call complete.',
    ];
    writeFileSync(file, frontMatter.join('\n'));
    const { engine, run } = await start([complete], { template: file });
    writeFileSync(join(folder, 'unquoted.md'), ['---', 'verify: [true]', '---', '# Unquoted'].join('\n'));
    await expect(start([complete], { template: join(folder, 'unquoted.md') })).rejects.toThrow(/quote one that YAML reads as true, false or a number/);
    expect(run.verify).toEqual([
      { run: 'true', name: 'true', timeoutMs: 600_000 },
      { run: 'exit 5', name: 'five', timeoutMs: 30_000 },
    ]);
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'verify_failed' });
    const verifies = await eventsOf(engine, run.id, 'verify');
    expect(verifies.map((event) => [event.data.name, event.data.ok])).toEqual([
      ['true', true],
      ['five', false],
    ]);
  }, 30_000);

  it('a run started with verify: [] runs none of the template’s commands and completes at once', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'autoloop-verify-template-'));
    const file = join(folder, 'unchecked.md');
    writeFileSync(file, ['---', 'verify: exit 1', '---', '# Unchecked', '', 'Call complete.'].join('\n'));
    const { engine, run } = await start([complete], { template: file, verify: [] });
    expect(run.verify).toEqual([]);
    expect(await engine.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'completed', iterations: 1 });
    expect(await eventsOf(engine, run.id, 'verify')).toEqual([]);
  }, 30_000);
});
