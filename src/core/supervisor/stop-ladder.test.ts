import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SupervisorMessage } from '../../shared/protocol';
import type { ProcessExit } from '../runner-host/runner-host';
import { STOP_GRACE_MS, TERM_GRACE_MS, runStopLadder } from './stop-ladder';

/** A runner that exits on the signals it obeys and records what it was sent. */
function fakeRunner(obeys: ReadonlyArray<'stop' | 'SIGTERM' | 'SIGKILL'>) {
  let exit: (value: ProcessExit) => void = () => undefined;
  const exited = new Promise<ProcessExit>((resolve) => (exit = resolve));
  const received: string[] = [];
  return {
    received,
    exited,
    send(message: SupervisorMessage) {
      received.push(message.type);
      if (message.type === 'stop' && obeys.includes('stop')) exit({ code: 0, signal: null, stderrTail: '' });
    },
    kill(signal: 'SIGTERM' | 'SIGKILL') {
      received.push(signal);
      if (obeys.includes(signal)) exit({ code: null, signal, stderrTail: '' });
    },
  };
}

afterEach(() => vi.useRealTimers());

describe('runStopLadder', () => {
  it('ends at the first step when the runner honours stop', async () => {
    const runner = fakeRunner(['stop']);
    expect(await runStopLadder(runner, 'user_stop')).toMatchObject({ step: 'stop', exit: { code: 0 } });
    expect(runner.received).toEqual(['stop']);
  });

  it('sends SIGTERM when the runner ignores stop for the grace period', async () => {
    vi.useFakeTimers();
    const runner = fakeRunner(['SIGTERM']);
    const result = runStopLadder(runner, 'user_stop');
    await vi.advanceTimersByTimeAsync(STOP_GRACE_MS);
    expect(await result).toMatchObject({ step: 'SIGTERM', exit: { signal: 'SIGTERM' } });
    expect(runner.received).toEqual(['stop', 'SIGTERM']);
  });

  it('sends SIGKILL when the runner also survives SIGTERM', async () => {
    vi.useFakeTimers();
    const runner = fakeRunner(['SIGKILL']);
    const result = runStopLadder(runner, 'user_stop');
    await vi.advanceTimersByTimeAsync(STOP_GRACE_MS + TERM_GRACE_MS);
    expect(await result).toMatchObject({ step: 'SIGKILL' });
    expect(runner.received).toEqual(['stop', 'SIGTERM', 'SIGKILL']);
  });
});
