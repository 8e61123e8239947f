import { describe, expect, it } from 'vitest';
import { parseResumedConversation } from './resumed-conversation';

describe('parseResumedConversation', () => {
  it('returns a stored conversation of user, assistant and tool messages as it is', () => {
    const stored = [
      { role: 'user', content: 'Begin the program.' },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'report', input: { summary: 'done' } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'report', output: { type: 'text', value: 'ok' } }] },
    ];
    expect(parseResumedConversation(stored)).toEqual(stored);
  });

  it('refuses a message with an unknown role, saying where', () => {
    expect(() =>
      parseResumedConversation([
        { role: 'user', content: 'hi' },
        { role: 'robot', content: 'beep' },
      ]),
    ).toThrow(/cannot be resumed[\s\S]*\[1\]/);
  });

  it('refuses a tool call without its id', () => {
    expect(() => parseResumedConversation([{ role: 'assistant', content: [{ type: 'tool-call', toolName: 'bash', input: {} }] }])).toThrow('cannot be resumed');
  });
});
