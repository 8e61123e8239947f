import { afterEach, describe, expect, it } from 'vitest';
import type { ApiPushEvent } from '../../shared/api';
import { createEventBus } from '../events/event-bus';
import { createChannelEngine, exitWith } from '../testing/channel-engine';
import type { TempEngine } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';

// A runner sends what it says in one turn of its event loop as an array (src/runner/batched-channel.ts):
// the supervisor takes its messages in order, stores them in one transaction and publishes after it.

const engines: TempEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((target) => target.dispose()));
});

const usage = { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.01, model: 'scripted/demo-counter' };

describe('batches of runner messages', () => {
  it('are handled in order, stored before anything of them is published, and count like single messages', async () => {
    const { host, target, start } = createChannelEngine();
    engines.push(target);
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    runner.send({ type: 'gate', iteration: 1 });
    await runner.next('gate_result');
    const checkpointAtPublish: number[] = [];
    const published: ApiPushEvent['type'][] = [];
    const unsubscribe = target.bus.subscribe((event) => {
      published.push(event.type);
      if (event.type === 'run.iteration' && event.iteration.status === 'ok')
        checkpointAtPublish.push((target.db.prepare('SELECT COUNT(*) FROM messages WHERE run_id = ?').pluck().get(run.id) as number) ?? 0);
    });
    runner.send([
      { type: 'iteration_started', iteration: 1, startedAt: new Date().toISOString() },
      { type: 'usage', iteration: 1, ...usage },
      { type: 'iteration_done', iteration: 1, status: 'ok', summary: 'Counted to 1.', durationMs: 3 },
      // The checkpoint comes after iteration_done in the batch, yet is stored when the iteration is published.
      { type: 'checkpoint', iteration: 1, messages: [{ role: 'assistant', content: 'Counted to 1.' }], replace: false },
    ]);
    await waitUntil(() => checkpointAtPublish.length === 1, 'the iteration to be published');
    unsubscribe();
    expect(checkpointAtPublish).toEqual([1]);
    expect(published.filter((type) => type === 'run.iteration' || type === 'run.updated')).toEqual([
      'run.iteration',
      'run.updated',
      'run.iteration',
      'run.updated',
    ]);
    exitWith(runner, 'completed', 1);
    expect(await target.supervisor.finished(run.id)).toMatchObject({ stopReason: 'completed', iterations: 1, inputTokens: 10, outputTokens: 5 });
  });

  it('an invalid message inside a batch, or a batch inside a batch, is dropped like any invalid message', async () => {
    const { host, target, start } = createChannelEngine();
    engines.push(target);
    const run = await start();
    const runner = await host.nextRunner();
    await runner.handshake();
    runner.send([{ type: 'nope' }, [{ type: 'pong', nonce: 'x' }], { type: 'pong', nonce: 'y' }, {}]);
    expect(await target.supervisor.finished(run.id)).toMatchObject({ status: 'ended', stopReason: 'protocol_error' });
    expect(target.log.lines.filter((line) => line.includes('dropped invalid runner message'))).toHaveLength(3);
  });
});

describe('the event bus held during a transaction', () => {
  it('publishes what came meanwhile once the work returned, in order, and drops it when the work threw', () => {
    const bus = createEventBus();
    const seen: string[] = [];
    const note = (message: string): ApiPushEvent => ({ type: 'notice', level: 'info', message });
    bus.subscribe((event) => seen.push(event.type === 'notice' ? event.message : event.type));
    const result = bus.hold(() => {
      bus.publish(note('first'));
      bus.hold(() => bus.publish(note('second')));
      expect(seen).toEqual([]);
      return 42;
    });
    expect(result).toBe(42);
    expect(seen).toEqual(['first', 'second']);
    expect(() =>
      bus.hold(() => {
        bus.publish(note('first'));
        throw new Error('the transaction failed');
      }),
    ).toThrow('the transaction failed');
    bus.publish(note('after'));
    expect(seen).toEqual(['first', 'second', 'after']);
  });
});
