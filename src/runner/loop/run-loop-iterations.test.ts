import { describe, expect, it } from 'vitest';
import { initMessage, startLoop, report, complete, distinctTexts } from './testing/loop-harness';

describe('runLoop', () => {
  it('numbers iterations from 1 and asks the gate before each', async () => {
    const { supervisor, outcome } = await startLoop({ script: distinctTexts, init: initMessage({ limits: { maxIterations: 3 } }) });
    expect(await outcome).toEqual({ reason: 'iteration_limit', detail: expect.stringContaining('3 of 3'), iterations: 3 });
    expect(supervisor.ofType('gate').map((message) => message.iteration)).toEqual([1, 2, 3]);
    expect(supervisor.ofType('iteration_started').map((message) => message.iteration)).toEqual([1, 2, 3]);
    expect(supervisor.ofType('iteration_done').map((message) => [message.iteration, message.status, message.summary])).toEqual([
      [1, 'ok', 'Step one.'],
      [2, 'ok', 'Step two.'],
      [3, 'ok', 'Step three.'],
    ]);
  });

  it('sends gate, iteration_started, iteration_done and checkpoint in that order, checkpoint right after iteration_done', async () => {
    const { supervisor, outcome } = await startLoop({ script: distinctTexts, init: initMessage({ limits: { maxIterations: 2 } }) });
    await outcome;
    const lifecycle = supervisor.received
      .filter((message) => ['gate', 'iteration_started', 'iteration_done', 'checkpoint'].includes(message.type))
      .map((message) => `${message.type}:${'iteration' in message ? message.iteration : ''}`);
    expect(lifecycle).toEqual([
      'gate:1',
      'iteration_started:1',
      'iteration_done:1',
      'checkpoint:1',
      'gate:2',
      'iteration_started:2',
      'iteration_done:2',
      'checkpoint:2',
    ]);
    supervisor.received.forEach((message, index) => {
      if (message.type === 'iteration_done') expect(supervisor.received[index + 1]?.type).toBe('checkpoint');
    });
  });

  it('checkpoints the messages each iteration added, starting with its prompt', async () => {
    const { supervisor, outcome } = await startLoop({ script: distinctTexts, init: initMessage({ limits: { maxIterations: 2 } }) });
    await outcome;
    const [first, second] = supervisor.ofType('checkpoint');
    expect(first?.replace).toBe(false);
    expect(first?.messages[0]).toMatchObject({ role: 'user', content: expect.stringMatching(/^This is iteration 1\. Begin the program\./) });
    expect(first?.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(second?.messages[0]).toEqual({ role: 'user', content: 'This is iteration 2. Continue with the next iteration of the program.' });
  });

  it('sends only valid protocol messages', async () => {
    const { supervisor, outcome } = await startLoop({
      script: { responses: [{ reasoning: 'Hmm.', text: 'Looking.', ...report('Looked.') }, { text: 'Done.' }, complete('all green')] },
    });
    await outcome;
    expect(supervisor.invalid).toEqual([]);
    expect(supervisor.received.length).toBeGreaterThan(5);
  });
});
