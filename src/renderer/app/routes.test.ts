import { describe, expect, it } from 'vitest';
import { sectionOf } from './routes';

describe('routes', () => {
  it('puts a run under Runs and a template under Templates in the sidebar', () => {
    expect(sectionOf({ page: 'run', runId: 'r1' })).toBe('runs');
    expect(sectionOf({ page: 'template', name: 'x' })).toBe('templates');
    expect(sectionOf({ page: 'settings' })).toBe('settings');
  });
});
