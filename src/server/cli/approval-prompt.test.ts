import { describe, expect, it } from 'vitest';
import { approvalQuestion, parseApprovalAnswer } from './approval-prompt';
import { describeApprovalResolution } from './approval-queue';

describe('parseApprovalAnswer', () => {
  it('reads allow once, allow for this run and deny, in short or long words', () => {
    expect(['y', 'Yes', ' allow ', 'o'].map(parseApprovalAnswer)).toEqual(['once', 'once', 'once', 'once']);
    expect(['r', 'RUN', 'allow for this run'].map(parseApprovalAnswer)).toEqual(['run', 'run', 'run']);
    expect(['n', 'no', 'deny', 'D'].map(parseApprovalAnswer)).toEqual(['deny', 'deny', 'deny', 'deny']);
  });
  it('asks again for anything else', () => {
    expect(['', 'maybe', 'yy'].map(parseApprovalAnswer)).toEqual([null, null, null]);
  });
});

describe('approval wording', () => {
  it('says what the agent wants and how risky it is', () => {
    expect(approvalQuestion({ tool: 'bash', summary: 'run `rm -rf build`', risk: 'high' })).toBe('The agent wants to run `rm -rf build` (bash, high risk)');
  });
  it('says how a request was answered', () => {
    expect(describeApprovalResolution({ status: 'allowed', scope: 'run', reason: null, decidedBy: 'user' })).toBe('allowed for the rest of this run by user');
    expect(describeApprovalResolution({ status: 'denied', scope: 'once', reason: 'not now', decidedBy: 'user' })).toBe('denied by user: not now');
    expect(describeApprovalResolution({ status: 'timed_out', scope: null, reason: 'no answer within 900 s; pause', decidedBy: 'timeout' })).toBe(
      'not answered in time: no answer within 900 s; pause',
    );
  });
});
