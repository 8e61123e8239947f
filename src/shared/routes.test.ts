import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, type Route } from './routes';

describe('routes', () => {
  it('reads every page from the hash', () => {
    expect(parseRoute('')).toEqual({ page: 'runs' });
    expect(parseRoute('#/runs')).toEqual({ page: 'runs' });
    expect(parseRoute('#/runs/ab%20c')).toEqual({ page: 'run', runId: 'ab c' });
    expect(parseRoute('#/new/')).toEqual({ page: 'new' });
    expect(parseRoute('#/new/template/test-fixer')).toEqual({ page: 'new', template: 'test-fixer' });
    expect(parseRoute('#/new/again/r%201')).toEqual({ page: 'new', againRunId: 'r 1' });
    expect(parseRoute('#/approvals')).toEqual({ page: 'approvals' });
    expect(parseRoute('#/templates')).toEqual({ page: 'templates' });
    expect(parseRoute('#/templates/test-fixer')).toEqual({ page: 'template', name: 'test-fixer' });
    expect(parseRoute('#/settings')).toEqual({ page: 'settings' });
    expect(parseRoute('#/settings/providers/my%20local')).toEqual({ page: 'settings', provider: 'my local' });
    expect(parseRoute('#/runs/r1/changes')).toEqual({ page: 'run', runId: 'r1', tab: 'changes', iteration: null });
    expect(parseRoute('#/runs/r1/changes/2')).toEqual({ page: 'run', runId: 'r1', tab: 'changes', iteration: 2 });
    expect(parseRoute('#/runs/r1/changes/0')).toEqual({ page: 'runs' });
    expect(parseRoute('#/schedules')).toEqual({ page: 'schedules' });
    expect(parseRoute('#/schedules/new')).toEqual({ page: 'schedule-form', id: null });
    expect(parseRoute('#/schedules/s1')).toEqual({ page: 'schedule', id: 's1' });
    expect(parseRoute('#/schedules/s1/edit')).toEqual({ page: 'schedule-form', id: 's1' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'runs' });
  });

  it('keeps any run id in one path segment of the hash', () => {
    expect(hrefFor({ page: 'run', runId: 'r1' })).toBe('#/runs/r1');
    expect(hrefFor({ page: 'run', runId: 'a b/c#d' })).toBe('#/runs/a%20b%2Fc%23d');
  });

  it('writes hrefs that parse back to the same route', () => {
    const routes: Route[] = [
      { page: 'runs' },
      { page: 'new' },
      { page: 'new', template: 'demo-counter' },
      { page: 'new', againRunId: 'r/1' },
      { page: 'approvals' },
      { page: 'templates' },
      { page: 'settings' },
      { page: 'schedules' },
      { page: 'schedule', id: 's/1' },
      { page: 'schedule-form', id: null },
      { page: 'schedule-form', id: 'new' },
      { page: 'settings', provider: 'local/x' },
      { page: 'run', runId: 'r/1' },
      { page: 'run', runId: 'r/1', tab: 'changes', iteration: null },
      { page: 'run', runId: 'r1', tab: 'changes', iteration: 12 },
      { page: 'template', name: 'my tpl' },
    ];
    for (const route of routes) expect(parseRoute(hrefFor(route))).toEqual(route);
  });
});
