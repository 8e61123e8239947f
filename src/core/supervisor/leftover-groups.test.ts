import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannelEngine } from '../testing/channel-engine';
import type { TempEngine } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';

// What a SIGKILLed runner leaves behind: the groups its tools started, which only the host can still end.

const engines: TempEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((target) => target.dispose()));
});

/** A real detached `sleep` in its own process group, as the bash tool starts commands; resolves when it is gone. */
function detachedSleep(): { pgid: number; gone: Promise<NodeJS.Signals | null> } {
  const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('sleep did not start');
  return { pgid: child.pid, gone: new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal))) };
}

describe('process groups a runner leaves behind', () => {
  it('are killed by the supervisor when the runner dies without ending them, and those it saw end are left alone', async () => {
    const { host, target, start } = createChannelEngine();
    engines.push(target);
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    const leftover = detachedSleep();
    const ended = detachedSleep();
    runner.send({ type: 'process_group', pgid: leftover.pgid, alive: true });
    runner.send({ type: 'process_group', pgid: ended.pgid, alive: true });
    runner.send({ type: 'process_group', pgid: ended.pgid, alive: false });
    // The exit arrives after the messages in flight, as from a real host.
    runner.exit({ code: null, signal: 'SIGKILL' });
    expect(await target.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'crash' });
    expect(await leftover.gone).toBe('SIGKILL');
    expect(target.log.lines.some((line) => line.includes(`run ${run.id}: killed 1 process group its runner left behind`))).toBe(true);
    // The group the runner reported ended is not the host's to kill (its number could be reused).
    expect(process.kill(ended.pgid, 0)).toBe(true);
    process.kill(-ended.pgid, 'SIGKILL');
    await ended.gone;
  });

  it('refuses a group number below 2 as a protocol slip', async () => {
    const { host, target, start } = createChannelEngine();
    engines.push(target);
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    runner.send({ type: 'process_group', pgid: 1, alive: true });
    await waitUntil(() => target.log.lines.some((line) => line.includes('dropped invalid runner message (1/3)')), 'the message to be dropped');
    runner.exit({ code: null, signal: 'SIGKILL' });
    await target.supervisor.finished(run.id);
  });
});
