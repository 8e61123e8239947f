import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute } from './routes';

describe('routes', () => {
  it('reads the run list, a run and the new-run form from the hash', () => {
    expect(parseRoute('')).toEqual({ page: 'runs' });
    expect(parseRoute('#/runs')).toEqual({ page: 'runs' });
    expect(parseRoute('#/runs/ab%20c')).toEqual({ page: 'run', runId: 'ab c' });
    expect(parseRoute('#/new/')).toEqual({ page: 'new' });
    expect(parseRoute('#/approvals')).toEqual({ page: 'approvals' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'runs' });
  });

  it('writes hrefs that parse back to the same route', () => {
    for (const route of [{ page: 'runs' }, { page: 'new' }, { page: 'approvals' }, { page: 'run', runId: 'r/1' }] as const) {
      expect(parseRoute(hrefFor(route))).toEqual(route);
    }
  });
});
