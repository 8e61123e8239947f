import { describe, expect, it } from 'vitest';
import { runRoute } from './app-routes';

describe('runRoute', () => {
  it('keeps any run id in one path segment of the hash', () => {
    expect(runRoute('r1')).toBe('#/runs/r1');
    expect(runRoute('a b/c#d')).toBe('#/runs/a%20b%2Fc%23d');
  });
});
