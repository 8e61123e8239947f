import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Approval, Iteration, Run } from '../../shared/records';
import { ServerFile, serverFilePath } from '../../core/serving/server-file';
import { type ServeProcess, autoloopSync, autoloopSyncWith, jsonLines, spawnAutoloop, startServe, until, writeScript } from '../testing/cli-process';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-serve-cli-'));
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);
let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe(dataDir);
});
afterAll(async () => {
  await serve.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function runNamed(ref: string): Run {
  const result = autoloop('show', ref, '--json');
  if (result.status !== 0) throw new Error(result.stderr);
  return Run.parse((jsonLines(result.stdout)[0] as { run: unknown }).run);
}

/** Polls the run through the server until `condition` holds. */
async function untilRun(ref: string, condition: (run: Run) => boolean, what: string): Promise<Run> {
  let run = runNamed(ref);
  await until(() => condition((run = runNamed(ref))), what);
  return run;
}

function upgradeStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${serve.port}/api`, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

const loopingScript = () =>
  writeScript(dataDir, 'looping', {
    responses: ['a', 'b', 'c'].flatMap((step) => [
      { delayMs: 150, text: `Working on ${step}.`, toolCalls: [{ tool: 'report', input: { summary: `step ${step}` } }] },
      { text: 'ok' },
    ]),
    whenExhausted: 'loop',
  });

describe('autoloop serve', () => {
  it('writes its URL and token to server.json, readable by its owner only', () => {
    expect(statSync(serverFilePath(dataDir)).mode & 0o777).toBe(0o600);
    const file = ServerFile.parse(JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8')));
    expect(file).toMatchObject({ token: serve.token, port: serve.port, host: '127.0.0.1', owner: 'serve', pid: serve.child.pid });
  });

  it('refuses a second server on the same data folder, saying which one runs', () => {
    const second = autoloop('serve', '--port', '0');
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`A server already runs for ${dataDir} (pid ${serve.child.pid})`);
  });

  it('says what to do, without a stack trace, when its port is taken or its host is not this machine’s', () => {
    const other = mkdtempSync(join(tmpdir(), 'autoloop-serve-port-'));
    try {
      const taken = autoloopSync(other, 'serve', '--port', String(serve.port));
      expect(taken.status).toBe(1);
      expect(taken.stderr).toBe(
        `autoloop: Port ${serve.port} on 127.0.0.1 is in use (another program, or another Autoloop): pick another --port, or stop what holds it\n`,
      );
      const elsewhere = autoloopSync(other, 'serve', '--port', '0', '--host', 'no-such-host.invalid');
      expect(elsewhere.status).toBe(2);
      expect(elsewhere.stderr).toContain('Cannot listen on no-such-host.invalid: it is not an address of this machine');
      expect(elsewhere.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(serverFilePath(other))).toBe(false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('answers 401 without the token, and refuses a socket without it or from another site', async () => {
    expect((await fetch(`http://127.0.0.1:${serve.port}/`)).status).toBe(401);
    expect((await fetch(serve.url)).status).not.toBe(401);
    expect(await upgradeStatus({})).toBe(401);
    expect(await upgradeStatus({ Authorization: `Bearer ${serve.token}`, Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus({ Authorization: `Bearer ${serve.token}` })).toBe(101);
  });
});

describe('autoloop serve on another host', () => {
  it('listens there only when asked, warns that other machines can reach it, and the CLI still finds it', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'autoloop-serve-host-'));
    const wide = await startServe(otherDir, '--host', '0.0.0.0');
    try {
      expect(wide.stdout()).toContain('Warning: listening on 0.0.0.0, reachable from other machines. Anyone with the token controls your agents.');
      const ls = autoloopSync(otherDir, 'ls');
      expect(ls.status).toBe(0);
      expect(ls.stdout).toContain('No runs yet');
    } finally {
      await wide.stop();
      rmSync(otherDir, { recursive: true, force: true });
    }
    expect(serve.stdout()).not.toContain('Warning');
  });
});

describe('commands talking to the server', () => {
  it('starts a detached run and follows its log live until it ends', async () => {
    const detached = autoloop('run', 'demo-counter', '--name', 'detached', '--interval', '0s', '--detach');
    expect(detached.status).toBe(0);
    const id = detached.stdout.trim();
    expect(id).toMatch(/^r[0-9a-f]+$/);
    expect(detached.stderr).toContain(`follow it with: autoloop logs ${id} -f`);
    const follower = spawnAutoloop(dataDir, 'logs', id, '-f');
    expect((await follower.exited).code).toBe(0);
    expect(follower.stdout()).toContain('── iteration 5 ──');
    expect(follower.stdout()).toContain('— Completed: the agent called complete — counted to 5');
    const shown = jsonLines(autoloop('show', 'detached', '--json').stdout) as Array<{ type: string; run?: unknown; iteration?: unknown }>;
    expect(Run.parse(shown[0]?.run)).toMatchObject({ id, status: 'ended', stopReason: 'completed' });
    expect(shown.slice(1).map((line) => Iteration.parse(line.iteration).n)).toEqual([1, 2, 3, 4, 5]);
    expect(jsonLines(autoloop('ls', '--json').stdout).map((line) => Run.parse(line).id)).toContain(id);
  });

  it('lets a person approve and deny a foreground run’s tool calls from another terminal', async () => {
    const model = writeScript(dataDir, 'asking', {
      responses: [
        { text: 'Writing a note.', toolCalls: [{ tool: 'write_file', input: { path: 'note.txt', content: 'hello' } }] },
        { text: 'And another.', toolCalls: [{ tool: 'write_file', input: { path: 'second.txt', content: 'no' } }] },
        {
          text: 'Done.',
          toolCalls: [
            { tool: 'report', input: { summary: 'Wrote the note.' } },
            { tool: 'complete', input: { reason: 'note written' } },
          ],
        },
      ],
    });
    const workdir = mkdtempSync(join(dataDir, 'work-'));
    const foreground = spawnAutoloop(dataDir, 'run', 'demo-counter', '--name', 'asking', '--profile', 'ask', '--model', model, '--workdir', workdir, '--json');
    const pending = (): Approval[] => jsonLines(autoloop('approvals', '--json').stdout).map((line) => Approval.parse(line));
    await until(() => pending().length === 1, 'the first approval request');
    const [first] = pending();
    expect(first).toMatchObject({ tool: 'write_file', status: 'pending' });
    expect(autoloop('approvals').stdout).toMatch(new RegExp(`${first?.id.slice(0, 8)}\\s+asking #1\\s+write_file\\s+medium`));
    // The token in server.json is not enough to answer: the approver code is. A wrong one is refused;
    // this machine's CLI finds the right one beside server.json, another machine's is given it.
    const wrongCode = autoloopSyncWith({ AUTOLOOP_APPROVER_CODE: 'not-the-code' }, dataDir, 'approve', first?.id.slice(0, 8) ?? '');
    expect(wrongCode.status).not.toBe(0);
    expect(wrongCode.stderr).toContain('needs the approver code');
    const person = (...args: string[]) => autoloopSyncWith({ AUTOLOOP_APPROVER_CODE: serve.approverCode }, dataDir, ...args);
    const approved = autoloop('approve', first?.id.slice(0, 8) ?? '');
    expect(approved.stdout).toContain('Allowed write_file once: write_file note.txt');
    await until(() => pending().some((request) => request.id !== first?.id), 'the second approval request');
    const second = pending()[0];
    const denied = person('deny', second?.id ?? '', '--reason', 'not that one', '--json');
    expect(Approval.parse(JSON.parse(denied.stdout))).toMatchObject({ status: 'denied', reason: 'not that one' });
    expect(person('approve', first?.id ?? '').stderr).toContain('was already answered: allowed by user');

    expect((await foreground.exited).code).toBe(0);
    const lines = jsonLines(foreground.stdout()) as Array<{ type: string; approval?: unknown; run?: unknown }>;
    expect(lines.filter((line) => line.type === 'approval').map((line) => Approval.parse(line.approval).status)).toEqual([
      'pending',
      'allowed',
      'pending',
      'denied',
    ]);
    expect(Run.parse(lines.at(-1)?.run)).toMatchObject({ status: 'ended', stopReason: 'completed' });
    expect(readFileSync(join(workdir, 'note.txt'), 'utf8')).toBe('hello');
    expect(existsSync(join(workdir, 'second.txt'))).toBe(false);
  });

  it('pauses, resumes with a raised limit, and stops a run', async () => {
    // No iteration limit (0): the run loops until it is paused, however long the CLI takes to ask.
    const started = autoloop(
      'run',
      'demo-counter',
      '--name',
      'looping',
      '--model',
      loopingScript(),
      '--interval',
      '0s',
      '--max-iterations',
      '0',
      '--detach',
      '--json',
    );
    const id = Run.parse((JSON.parse(started.stdout) as { run: unknown }).run).id;
    await untilRun(id, (run) => run.iterations >= 1, 'a first iteration');
    const paused = autoloop('pause', 'looping');
    expect(paused.stdout, paused.stderr).toContain(`Pausing after the current iteration: looping (${id})`);
    await untilRun(id, (run) => run.status === 'paused', 'the pause');
    expect(runNamed(id).pauseReason).toBe('user');
    expect(autoloop('resume', 'looping', '--max-iterations', '40', '--max-cost', '$3').stdout).toContain(`Resumed looping (${id})`);
    const resumed = await untilRun(id, (run) => run.status === 'running', 'the resumed run');
    expect(resumed.limits).toMatchObject({ maxIterations: 40, maxCostUsd: 3 });
    const stopped = autoloop('stop', id.slice(0, 7));
    expect(stopped.stdout).toContain(`Stopped looping (${id})`);
    expect(runNamed(id)).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
    expect(autoloop('resume', id).stderr).toContain('only a paused or crashed run can be resumed');
  });

  it('stops a run after its current iteration with --after-iteration: the iteration finishes, none starts after it', async () => {
    const model = writeScript(dataDir, 'slow', {
      responses: [{ delayMs: 1_500, text: 'Working slowly.', toolCalls: [{ tool: 'report', input: { summary: 'slow step' } }] }, { text: 'ok' }],
      whenExhausted: 'loop',
    });
    const started = autoloop('run', 'demo-counter', '--name', 'gentle', '--model', model, '--interval', '0s', '--max-iterations', '0', '--detach', '--json');
    const id = Run.parse((JSON.parse(started.stdout) as { run: unknown }).run).id;
    await untilRun(id, (run) => run.status === 'running', 'the run to be running');
    const asked = autoloop('stop', id, '--after-iteration');
    expect(asked.stdout, asked.stderr).toContain(`Stopping after the current iteration: gentle (${id})`);
    const ended = await untilRun(id, (run) => run.status === 'ended', 'the stop after the iteration');
    expect(ended).toMatchObject({ stopReason: 'user_stop', detail: `Stopped after iteration ${ended.iterations}, as asked` });
    expect(ended.iterations).toBeGreaterThanOrEqual(1);
  });

  it('stops every active run with --all', async () => {
    const model = loopingScript();
    for (const name of ['one', 'two']) expect(autoloop('run', 'demo-counter', '--name', name, '--model', model, '--detach').status).toBe(0);
    await untilRun('two', (run) => run.status === 'running', 'the second run');
    const stopped = jsonLines(autoloop('stop', '--all', '--json').stdout).map((line) => Run.parse(line));
    expect(stopped.map((run) => run.name).sort()).toEqual(['one', 'two']);
    expect(stopped.every((run) => run.stopReason === 'user_stop')).toBe(true);
  });

  it('exports a run and imports the bundle through the server', () => {
    const file = join(dataDir, 'detached.json');
    const exported = autoloop('export', 'detached', '-o', file);
    expect(exported.status, exported.stderr).toBe(0);
    const imported = autoloop('import', file);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^Imported detached as r[0-9a-f]+ \(ended, 5 iterations\)/);
    expect(imported.stdout).toContain('is taken here, so the run got a new one');
  });
});
