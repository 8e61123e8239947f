import { describe, expect, it } from 'vitest';
import { parseParamFlags, parseRunArgs } from './run-command';

describe('parseRunArgs', () => {
  it('turns flags into the API’s start parameters', () => {
    const parsed = parseRunArgs(['demo-counter', '--param', 'target=3', '--interval', '2s', '--max-iterations', '4', '--max-duration', '15m', '--json', '--data-dir', '/tmp/x']);
    expect(parsed).toEqual({
      start: { template: 'demo-counter', params: { target: '3' }, loop: { intervalMs: 2_000 }, limits: { maxIterations: 4, maxDurationMs: 900_000 } },
      json: true,
      dataDir: '/tmp/x',
    });
  });
  it('rejects bad values before anything starts, saying what is wrong', () => {
    expect(() => parseRunArgs(['t', '--interval', 'soon'])).toThrow('--interval must be a duration such as 90s, 15m or 2h, not "soon"');
    expect(() => parseRunArgs(['t', '--max-iterations', '0'])).toThrow('--max-iterations must be a whole number above 0');
    expect(() => parseRunArgs([])).toThrow('run takes exactly one template name');
    expect(() => parseParamFlags(['novalue'])).toThrow('--param takes key=value, not "novalue"');
  });
});
