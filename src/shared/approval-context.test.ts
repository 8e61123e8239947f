import { describe, expect, it } from 'vitest';
import { agentMessageBefore, AGENT_MESSAGE_MAX_CHARS, describeAllowForRun } from './approval-context';
import type { RunEvent } from './records';

type Ev = Pick<RunEvent, 'iteration' | 'kind' | 'data'>;
const text = (value: string, iteration = 2): Ev => ({ iteration, kind: 'text', data: { text: value } });
const call = (tool: string, input: unknown, iteration = 2): Ev => ({ iteration, kind: 'tool_call', data: { toolCallId: tool, tool, input } });
const result = (iteration = 2): Ev => ({ iteration, kind: 'tool_result', data: { output: 'ok' } });
const write = { path: 'notes.txt', content: 'hello' };

describe('agentMessageBefore', () => {
  it('joins the text of the answer that made the call, back to the previous tool result', () => {
    const events = [
      text('Old words. ', 1),
      text('Reading first.'),
      call('read_file', { path: 'a' }),
      result(),
      text('The notes are missing, '),
      text('so I will write them.'),
      call('write_file', write),
    ];
    expect(agentMessageBefore(events, { iteration: 2, tool: 'write_file', input: write })).toBe('The notes are missing, so I will write them.');
  });

  it('skips the same answer’s other calls and reasoning, and picks the call with the same input', () => {
    const events = [
      text('Two files.'),
      { iteration: 2, kind: 'reasoning', data: { text: 'hmm' } } as Ev,
      call('write_file', { path: 'x', content: '' }),
      call('write_file', write),
      result(),
      text('Later.'),
      call('write_file', { path: 'y', content: '' }),
    ];
    expect(agentMessageBefore(events, { iteration: 2, tool: 'write_file', input: write })).toBe('Two files.');
  });

  it('takes the iteration’s last text when the call is not in the log, and null when the agent wrote nothing', () => {
    expect(
      agentMessageBefore([text('All done, verifying.'), call('complete', {}), { iteration: 2, kind: 'verify', data: {} }], {
        iteration: 2,
        tool: 'bash',
        input: {},
      }),
    ).toBe('All done, verifying.');
    expect(agentMessageBefore([result(), call('bash', { command: 'ls' })], { iteration: 2, tool: 'bash', input: { command: 'ls' } })).toBeNull();
    expect(
      agentMessageBefore([text('Other iteration.', 1), call('bash', { command: 'ls' })], { iteration: 2, tool: 'bash', input: { command: 'ls' } }),
    ).toBeNull();
  });

  it('keeps the end of a very long message', () => {
    const long = 'x'.repeat(AGENT_MESSAGE_MAX_CHARS + 10);
    expect(agentMessageBefore([text(long), call('bash', {})], { iteration: 2, tool: 'bash', input: {} })).toHaveLength(AGENT_MESSAGE_MAX_CHARS + 2);
  });
});

describe('describeAllowForRun', () => {
  it('names exactly what the run will stop asking about', () => {
    expect(describeAllowForRun('bash', 'npm test')).toMatchObject({ lead: 'bash running exactly this command', subject: 'npm test' });
    expect(describeAllowForRun('write_file', 'src/x.ts')).toMatchObject({ lead: 'write_file on this path only', subject: 'src/x.ts' });
    expect(describeAllowForRun('web_fetch', 'https://example.com/')).toMatchObject({ subject: 'https://example.com/' });
    expect(describeAllowForRun('bash', null)).toMatchObject({ subject: null });
  });
});
