import { describe, expect, it } from 'vitest';
import { type Run, StopReason } from '../../shared/records';
import { exitCodeFor } from './exit-code';

const ended = (stopReason: StopReason): Run => ({ status: 'ended', stopReason, pauseReason: null }) as Run;

describe('exitCodeFor', () => {
  it('follows DESIGN §11: 0 completed, 3 a rule, 4 a crash, 130 a stop by the person', () => {
    const codes = Object.fromEntries(StopReason.options.map((reason) => [reason, exitCodeFor(ended(reason))]));
    expect(codes).toEqual({
      completed: 0,
      user_stop: 130,
      stagnation: 3,
      failure_limit: 3,
      iteration_limit: 3,
      time_limit: 3,
      permission_denied: 3,
      approval_timeout: 3,
      auth_failed: 3,
      crash: 4,
      protocol_error: 4,
      spawn_failed: 4,
      setup_failed: 3,
      verify_failed: 3,
      replaced: 130,
    });
  });
  it('treats a budget pause as a stop by a rule', () => {
    expect(exitCodeFor({ status: 'paused', stopReason: null, pauseReason: 'budget' } as Run)).toBe(3);
  });
});
