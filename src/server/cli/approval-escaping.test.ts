import { describe, expect, it } from 'vitest';
import type { Approval } from '../../shared/records';
import { approvalQuestion } from './approval-prompt';
import { createApprovalQueue, describeApprovalResolution } from './approval-queue';
import { approvalTableLines, decisionLine } from './commands/approval-commands';
import { createStatusLine } from './status-line';
import { createOutput } from './terminal-output';

// What an agent (or a bundle) can put in a request's text to fool the person reading the prompt: a window
// title, a cleared line and carriage return that overwrite the real question, a fake prompt on a line of its
// own, a bell, and a right-to-left override that shows `rm -rf ~` reversed.
const HOSTILE = 'run `ls`\u001b]0;pwned\u0007\u001b[2K\r\nAllow it?  [y] once\tok \u009b31m\u202e~ fr- mr';
const HOSTILE_TOOL = 'bash\u001b[8m';

function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'ap-0123456789abcdef',
    runId: 'run-1',
    iteration: 2,
    tool: HOSTILE_TOOL,
    input: {},
    summary: HOSTILE,
    risk: 'high',
    status: 'pending',
    scope: null,
    reason: null,
    decidedBy: null,
    requestedAt: '2026-12-05T09:00:00.000Z',
    decidedAt: null,
    expiresAt: null,
    ...overrides,
  };
}

/** No byte that acts on a terminal (C0 or C1 control, DEL, bidi override), and no line break: each text stays one line. */
function expectInert(text: string): void {
  const acting = [...text].filter((char) => {
    const code = char.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
  });
  expect(acting).toEqual([]);
}

function capturedOutput(): { lines: string[]; output: ReturnType<typeof createOutput> } {
  let written = '';
  const output = createOutput({ json: false }, { stdout: { write: (text: string) => (written += text), isTTY: false }, stderr: { write: () => true } }, {});
  return {
    output,
    get lines() {
      return written.split('\n').filter((line) => line !== '');
    },
  };
}

describe('approval text in the CLI', () => {
  it('shows the interactive question on one line with every escape sequence spelled out', () => {
    const question = approvalQuestion(approval());
    expectInert(question);
    expect(question).toBe(
      'The agent wants to run `ls`\\u{1b}]0;pwned\\u{7}\\u{1b}[2K\\u{d}\\nAllow it?  [y] once\\tok \\u{9b}31m\\u{202e}~ fr- mr (bash\\u{1b}[8m, high risk)',
    );
  });

  it('prints a request in the foreground queue as one inert line', () => {
    const captured = capturedOutput();
    const status = createStatusLine(captured.output, { status: 'running', iteration: 2, iterationStartedAt: null, tokens: 0, costUsd: null, activity: '' });
    const queue = createApprovalQueue({
      api: { call: () => Promise.reject(new Error('not called')), onEvent: () => () => {} },
      output: captured.output,
      status,
      interactive: false,
      onInterrupt() {},
    });
    queue.requested(approval());
    queue.resolved(approval({ status: 'denied', reason: 'no\u001b[2J\nreally', decidedBy: 'user' }));
    const [asked, hint, answered] = captured.lines;
    expect(captured.lines).toHaveLength(3);
    for (const line of captured.lines) expectInert(line);
    expect(asked).toContain('asks to run `ls`\\u{1b}]0;pwned');
    expect(hint).toContain('autoloop approve');
    expect(answered).toContain('denied by user: no\\u{1b}[2J\\nreally');
  });

  it('keeps every row of `autoloop approvals` on one inert line, the run name included', () => {
    const { output } = capturedOutput();
    const lines = approvalTableLines([approval()], new Map([['run-1', 'fix\u001b[31m tests\nnext']]), output, new Date('2026-12-05T09:01:00.000Z'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expectInert(line);
    expect(lines[1]).toContain('fix\\u{1b}[31m tests\\nnext #2');
    expect(lines[1]).toContain('bash\\u{1b}[8m');
  });

  it('escapes what approve and deny print, and how a request was answered', () => {
    for (const line of [
      decisionLine('allow', approval(), true),
      decisionLine('deny', approval(), false),
      describeApprovalResolution({ status: 'denied', scope: null, reason: 'x\u001b]52;c;Zm9v\u0007', decidedBy: 'user' }),
    ]) {
      expectInert(line);
    }
    expect(decisionLine('allow', approval(), true)).toMatch(/^Allowed bash\\u\{1b\}\[8m for the rest of this run: run `ls`/);
  });
});
