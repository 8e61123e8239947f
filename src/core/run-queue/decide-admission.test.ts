import { describe, expect, it } from 'vitest';
import { decideAdmission, fitsUnderCaps, providerOf } from './decide-admission';

const queue = (...entries: Array<[string, string]>) => entries.map(([id, provider]) => ({ id, provider }));

describe('decideAdmission', () => {
  it('admits queued runs in order up to the overall cap', () => {
    const caps = { maxConcurrentRuns: 4, perProvider: {} };
    expect(decideAdmission({ caps, activeProviders: ['a', 'a'], queue: queue(['q1', 'a'], ['q2', 'b'], ['q3', 'a']) })).toEqual(['q1', 'q2']);
    expect(decideAdmission({ caps, activeProviders: ['a', 'a', 'a', 'a'], queue: queue(['q1', 'a']) })).toEqual([]);
  });

  it('lets a run of another provider pass one whose provider is at its cap', () => {
    const caps = { maxConcurrentRuns: 4, perProvider: { anthropic: 1 } };
    expect(decideAdmission({ caps, activeProviders: ['anthropic'], queue: queue(['q1', 'anthropic'], ['q2', 'openai']) })).toEqual(['q2']);
  });

  it('treats a cap of 0 as no limit', () => {
    expect(fitsUnderCaps({ maxConcurrentRuns: 0, perProvider: { x: 0 } }, Array(50).fill('x'), 'x')).toBe(true);
    expect(providerOf('scripted/demo.json')).toBe('scripted');
  });
});
