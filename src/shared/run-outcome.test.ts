import { describe, expect, it } from 'vitest';
import { StopReason } from './records';
import { isFailedRun, isFailureStopReason, stopKindOf } from './run-outcome';
import { buildRun } from './testing/build-run';

describe('stopKindOf', () => {
  it('sorts every stop reason into one kind', () => {
    const kinds = Object.fromEntries(StopReason.options.map((reason) => [reason, stopKindOf(reason)]));
    expect(kinds).toEqual({
      completed: 'completed',
      user_stop: 'stopped',
      stagnation: 'rule',
      iteration_limit: 'rule',
      time_limit: 'rule',
      failure_limit: 'failed',
      permission_denied: 'failed',
      approval_timeout: 'failed',
      auth_failed: 'failed',
      crash: 'crashed',
      protocol_error: 'crashed',
      spawn_failed: 'crashed',
      setup_failed: 'failed',
      verify_failed: 'failed',
      replaced: 'stopped',
    });
  });
});

describe('failures', () => {
  it('count what went wrong, not a finish, a person or a limit', () => {
    expect(StopReason.options.filter(isFailureStopReason)).toEqual([
      'failure_limit',
      'permission_denied',
      'approval_timeout',
      'auth_failed',
      'crash',
      'protocol_error',
      'spawn_failed',
      'setup_failed',
      'verify_failed',
    ]);
  });

  it('belong to ended runs only', () => {
    expect(isFailedRun(buildRun({ status: 'ended', stopReason: 'crash' }))).toBe(true);
    expect(isFailedRun(buildRun({ status: 'ended', stopReason: 'time_limit' }))).toBe(false);
    expect(isFailedRun(buildRun({ status: 'running', stopReason: null }))).toBe(false);
  });
});
