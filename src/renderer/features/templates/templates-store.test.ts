import { describe, expect, it } from 'vitest';
import { builders } from '../../testing/builders';
import { applyTemplatesListed, emptyTemplatesState } from './templates-store';

describe('applyTemplatesListed', () => {
  it('lists built-in templates first, then the person’s own, each by name', () => {
    const state = applyTemplatesListed(emptyTemplatesState, [
      builders.template({ name: 'zeta', source: 'user' }),
      builders.template({ name: 'beta' }),
      builders.template({ name: 'alpha', source: 'user' }),
      builders.template({ name: 'gamma' }),
    ]);
    expect(state.names).toEqual(['beta', 'gamma', 'alpha', 'zeta']);
    expect(state.loaded).toBe(true);
  });

  it('replaces the previous list', () => {
    const first = applyTemplatesListed(emptyTemplatesState, [builders.template({ name: 'old' })]);
    const second = applyTemplatesListed(first, [builders.template({ name: 'new' })]);
    expect(second.names).toEqual(['new']);
    expect(second.byName.old).toBeUndefined();
  });
});
