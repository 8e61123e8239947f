import { describe, expect, it } from 'vitest';
import { initMessage, startLoop, report, complete, distinctTexts } from './testing/loop-harness';

describe('runLoop', () => {
  it('continues a resumed run at the next iteration with the continue prompt and the earlier conversation', async () => {
    const earlier = [
      { role: 'user', content: 'Begin the program.' },
      { role: 'assistant', content: [{ type: 'text', text: 'Fixed the first test.' }] },
    ];
    const { outcome, supervisor, prompts } = await startLoop({
      script: { responses: [complete('all green')] },
      init: initMessage({ resume: { iteration: 4, messages: earlier } }),
    });
    expect(await outcome).toEqual({ reason: 'completed', detail: 'all green', iterations: 5 });
    expect(supervisor.ofType('gate').map((message) => message.iteration)).toEqual([5]);
    expect(supervisor.ofType('iteration_started').map((message) => message.iteration)).toEqual([5]);
    expect(supervisor.ofType('checkpoint')[0]?.messages[0]).toEqual({
      role: 'user',
      content: 'This is iteration 5. Continue with the next iteration of the program.',
    });
    const prompt = prompts[0] ?? [];
    expect(prompt[0]).toMatchObject({ role: 'system', content: expect.not.stringContaining('iteration 5') });
    expect(prompt.slice(1).map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(prompt[3]).toMatchObject({
      role: 'user',
      content: [{ type: 'text', text: 'This is iteration 5. Continue with the next iteration of the program.' }],
    });
  });

  it('does not start a resumed run that already reached maxIterations', async () => {
    const { outcome, supervisor, calls } = await startLoop({
      script: distinctTexts,
      init: initMessage({ limits: { maxIterations: 4 }, resume: { iteration: 4, messages: [] } }),
    });
    expect(await outcome).toMatchObject({ reason: 'iteration_limit', iterations: 4 });
    expect(supervisor.ofType('gate')).toEqual([]);
    expect(calls()).toBe(0);
  });

  it('keeps the conversation across iterations', async () => {
    const { outcome, prompts } = await startLoop({
      script: { responses: [{ text: 'Step one.' }, complete('done')] },
    });
    await outcome;
    expect(prompts).toHaveLength(2);
    expect(prompts[1]?.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(prompts[1]?.[2]).toMatchObject({ role: 'assistant', content: [{ type: 'text', text: 'Step one.' }] });
  });

  it('uses the report summary for iteration_done', async () => {
    const { outcome, supervisor } = await startLoop({
      script: { responses: [{ text: 'Working.', ...report('Fixed test_parse.') }, { text: 'Ok.' }, complete('done')] },
    });
    await outcome;
    expect(supervisor.ofType('iteration_done')[0]).toMatchObject({ iteration: 1, status: 'ok', summary: 'Fixed test_parse.' });
  });

  it('replaces the stored conversation with the compacted one in its checkpoint', async () => {
    const longAnswer = (n: number) => ({ role: 'assistant', content: `Iteration ${n}: ${'details '.repeat(400)}` });
    const history = [1, 2, 3, 4].flatMap((n) => [{ role: 'user', content: `Continue with iteration ${n}.` }, longAnswer(n)]);
    const { supervisor, outcome } = await startLoop({
      script: { responses: [{ text: 'Summary: four iterations of details.' }, complete('done')] },
      init: initMessage({ model: { provider: 'scripted', id: 'loop.json', options: { contextWindow: 2_000 } }, resume: { iteration: 4, messages: history } }),
    });
    expect(await outcome).toMatchObject({ reason: 'completed', iterations: 5 });
    const [checkpoint] = supervisor.ofType('checkpoint');
    expect(checkpoint).toMatchObject({ iteration: 5, replace: true });
    expect(String(checkpoint?.messages[0]?.content)).toContain('Summary: four iterations of details.');
    expect(supervisor.ofType('event').some((event) => event.kind === 'notice' && String(event.data.message).includes('compacted'))).toBe(true);
  });
});
