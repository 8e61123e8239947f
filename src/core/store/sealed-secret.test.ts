import { describe, expect, it } from 'vitest';
import { readSecretWithoutSealer } from './sealed-secret';

describe('readSecretWithoutSealer', () => {
  it('reads plain and plain-marked keys, and refuses a keychain-sealed one saying what to do', () => {
    expect(readSecretWithoutSealer('sk-1')).toEqual({ value: 'sk-1' });
    expect(readSecretWithoutSealer('plain:v1:sk-2')).toEqual({ value: 'sk-2' });
    expect(readSecretWithoutSealer('safe-storage:v1:AAAA')).toEqual({ unreadable: expect.stringMatching(/desktop app.*enter it here too/) });
  });
});
