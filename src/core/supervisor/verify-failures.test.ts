import { describe, expect, it } from 'vitest';
import { verifyFailuresInARow } from './verify-failures';

const commands = [{ run: 'npm run lint' }, { run: 'npm test' }];
const event = (command: string, ok: boolean, trigger: 'complete' | 'iteration' = 'complete') => ({ data: { command, ok, trigger } });

describe('verifyFailuresInARow', () => {
  it('counts each failed verification of complete; a passing first command before a failure does not reset it', () => {
    const events = [event('npm run lint', false), event('npm run lint', true), event('npm test', false)];
    expect(verifyFailuresInARow(events, commands)).toBe(2);
  });

  it('starts again at 0 after a verification where every command passed in order', () => {
    const events = [event('npm run lint', false), event('npm run lint', true), event('npm test', true), event('npm run lint', false)];
    expect(verifyFailuresInARow(events, commands)).toBe(1);
    expect(verifyFailuresInARow(events.slice(0, 3), commands)).toBe(0);
  });

  it('ignores the gate run after iterations (verifyEvery: iteration) and a pass cut short by a stop', () => {
    const events = [
      event('npm test', false),
      event('npm test', false, 'iteration'),
      event('npm test', true, 'iteration'),
      event('npm run lint', true), // stopped before npm test ran
      event('npm run lint', true),
      event('npm test', false),
    ];
    expect(verifyFailuresInARow(events, commands)).toBe(2);
  });

  it('is 0 for a run without verify events', () => {
    expect(verifyFailuresInARow([], commands)).toBe(0);
  });
});
