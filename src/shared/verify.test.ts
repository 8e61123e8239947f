import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VERIFY_DEFAULT_TIMEOUT_MS, VerifySteps, defaultVerifyName, describeVerifyCommands } from './verify';

describe('VerifySteps', () => {
  it('takes one command or a list, each a string or { run, timeout?, name? }, and names and times each', () => {
    expect(VerifySteps.parse('npm test')).toEqual([{ run: 'npm test', name: 'npm test', timeoutMs: VERIFY_DEFAULT_TIMEOUT_MS }]);
    expect(VerifySteps.parse(['npm test', { run: 'npm run lint', timeout: '90s', name: 'lint' }, { run: 'make check', timeout: 5_000 }])).toEqual([
      { run: 'npm test', name: 'npm test', timeoutMs: VERIFY_DEFAULT_TIMEOUT_MS },
      { run: 'npm run lint', name: 'lint', timeoutMs: 90_000 },
      { run: 'make check', name: 'make check', timeoutMs: 5_000 },
    ]);
    expect(VerifySteps.parse([])).toEqual([]);
  });

  it('refuses what cannot run, saying what to write instead', () => {
    const message = (input: unknown): string => {
      const parsed = VerifySteps.safeParse(input);
      return parsed.success ? 'accepted' : z.prettifyError(parsed.error);
    };
    expect(message([true])).toContain('quote one that YAML reads as true, false or a number');
    expect(message('   ')).toContain('a verify command needs `run`');
    expect(message({ run: 'npm test', timeout: 'soon' })).toContain('a verify timeout is milliseconds or a duration such as 90s, 10m or 1h');
    expect(message({ run: 'npm test', timeout: '0s' })).toContain('a verify timeout');
    expect(message({ run: 'npm test', retries: 2 })).not.toBe('accepted');
    expect(message(Array.from({ length: 21 }, () => 'true'))).not.toBe('accepted');
  });
});

describe('verify commands in words', () => {
  it('names a command by its first line, cut short, and says a timeout that is not the default', () => {
    expect(defaultVerifyName('npm test\nnpm run lint')).toBe('npm test');
    expect(defaultVerifyName('x'.repeat(80))).toHaveLength(60);
    expect(describeVerifyCommands(VerifySteps.parse(['npm test', { run: 'npm run lint', name: 'lint', timeout: '2m' }]))).toBe(
      'npm test; lint (npm run lint), timeout 120 s',
    );
  });
});
