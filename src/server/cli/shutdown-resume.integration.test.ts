import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Run } from '../../shared/records';
import { serverFilePath } from '../../core/serving/server-file';
import { servedDataFolderPerFile, autoloopSync, jsonLines, until, writeScript } from '../testing/cli-process';

const { dataDir, serve: serveHere } = servedDataFolderPerFile('autoloop-shutdown-');
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);

function runById(id: string): Run {
  return Run.parse((jsonLines(autoloop('show', id, '--json').stdout)[0] as { run: unknown }).run);
}

async function untilRun(id: string, condition: (run: Run) => boolean, what: string): Promise<Run> {
  let run = runById(id);
  await until(() => condition((run = runById(id))), what);
  return run;
}

describe('shutting the server down', () => {
  it('pauses a running run (shutdown), and the next server resumes it when asked', async () => {
    const first = await serveHere();
    const model = writeScript(dataDir, 'steady', {
      responses: ['a', 'b'].flatMap((step) => [
        { delayMs: 100, text: `Step ${step}.`, toolCalls: [{ tool: 'report', input: { summary: `step ${step}` } }] },
        { text: 'ok' },
      ]),
      whenExhausted: 'loop',
    });
    const id = autoloop('run', 'demo-counter', '--model', model, '--interval', '0s', '--max-iterations', '500', '--detach').stdout.trim();
    const before = await untilRun(id, (run) => run.iterations >= 2, 'two iterations');

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.stdout()).toContain(`Paused demo-counter (${id}); \`autoloop serve --resume-shutdown\` resumes it`);
    expect(existsSync(serverFilePath(dataDir))).toBe(false);
    const paused = runById(id);
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'shutdown' });
    expect(paused.iterations).toBeGreaterThanOrEqual(before.iterations);

    const second = await serveHere('--resume-shutdown');
    expect(second.stdout()).toContain(`Resumed 1 run paused at the last shutdown: demo-counter (${id})`);
    const resumed = await untilRun(id, (run) => run.status === 'running' && run.iterations > paused.iterations, 'the resumed run to go on');
    expect(resumed.pauseReason).toBeNull();

    await second.stop();
    expect(runById(id)).toMatchObject({ status: 'paused', pauseReason: 'shutdown' });
  });

  it('leaves shutdown-paused runs paused without the flag, says so, and `autoloop resume` goes on', async () => {
    const paused = jsonLines(autoloop('ls', '--json').stdout)
      .map((line) => Run.parse(line))
      .find((run) => run.pauseReason === 'shutdown');
    expect(paused).toBeDefined();
    const id = paused?.id ?? '';
    const third = await serveHere();
    expect(third.stdout()).toContain(
      `1 run was paused when Autoloop last stopped: demo-counter (${id}); resume with \`autoloop resume <run>\` (or start the server with --resume-shutdown)`,
    );
    expect(runById(id).status).toBe('paused');
    expect(autoloop('resume', id).status).toBe(0);
    await untilRun(id, (run) => run.status === 'running', 'the resumed run');
    expect(autoloop('stop', id).status).toBe(0);
    expect(runById(id)).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
  });
});
