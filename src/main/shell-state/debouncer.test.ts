import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDebouncer } from './debouncer';

describe('createDebouncer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once, after the burst has been quiet for the delay', () => {
    const run = vi.fn();
    const debouncer = createDebouncer(run, 100);
    debouncer.schedule();
    vi.advanceTimersByTime(60);
    debouncer.schedule();
    vi.advanceTimersByTime(60);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(40);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('still runs every maxWait during an endless stream of calls', () => {
    const run = vi.fn();
    const debouncer = createDebouncer(run, 100, 300);
    for (let elapsed = 0; elapsed < 1_000; elapsed += 50) {
      debouncer.schedule();
      vi.advanceTimersByTime(50);
    }
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('flush runs a scheduled call now, and nothing when none is scheduled', () => {
    const run = vi.fn();
    const debouncer = createDebouncer(run, 100);
    debouncer.flush();
    expect(run).not.toHaveBeenCalled();
    debouncer.schedule();
    debouncer.flush();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(200);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('cancel drops the scheduled call', () => {
    const run = vi.fn();
    const debouncer = createDebouncer(run, 100);
    debouncer.schedule();
    debouncer.cancel();
    vi.advanceTimersByTime(500);
    expect(run).not.toHaveBeenCalled();
  });
});
