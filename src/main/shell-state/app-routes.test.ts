import { describe, expect, it } from 'vitest';
import { APP_ROUTES, runRoute } from './app-routes';

describe('app routes', () => {
  it('spell the renderer\u2019s hash routes', () => {
    expect(runRoute('r1')).toBe('#/runs/r1');
    expect(runRoute('a b')).toBe('#/runs/a%20b');
    expect(APP_ROUTES).toEqual({ runs: '#/runs', newRun: '#/new', approvals: '#/approvals', settings: '#/settings' });
  });
});
