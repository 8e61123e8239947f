import { describe, expect, it } from 'vitest';
import { assertNever, invariant } from './assert';

describe('assertNever', () => {
  it('throws naming the union and the value that slipped through at run time', () => {
    // A value the types say cannot exist, as a message from a newer runner or server could be.
    const unexpected = { type: 'brand_new' } as never;
    expect(() => assertNever(unexpected, 'RunnerMessage')).toThrow('Unhandled RunnerMessage: {"type":"brand_new"}');
  });
});

describe('invariant', () => {
  it('passes a condition that holds and throws with the message for one that does not', () => {
    expect(() => invariant(true, 'never shown')).not.toThrow();
    expect(() => invariant(0, 'the run has a process')).toThrow('Invariant failed: the run has a process');
  });
});
