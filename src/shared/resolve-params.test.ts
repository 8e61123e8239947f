import { describe, expect, it } from 'vitest';
import { resolveParams } from './resolve-params';

describe('resolveParams', () => {
  const declared = {
    target: { type: 'number' as const, default: 5, required: false, description: '' },
    folder: { type: 'string' as const, required: true, description: 'where the papers are' },
    strict: { type: 'boolean' as const, required: false, description: '' },
    mode: { type: 'string' as const, default: 'fast', required: false, description: '', enum: ['fast', 'slow'] },
  };

  it('fills defaults and coerces text from forms and the CLI', () => {
    expect(resolveParams(declared, { folder: 'papers', target: '7', strict: 'true' })).toEqual({
      ok: true,
      values: { target: 7, folder: 'papers', strict: true, mode: 'fast' },
    });
  });

  it('names every problem by its param, a missing required one included', () => {
    const result = resolveParams(declared, { target: 'lots', extra: 'x', mode: 'medium' });
    expect(result).toEqual({
      ok: false,
      errors: {
        target: 'target must be a number, not "lots"',
        folder: 'folder is required: where the papers are',
        extra: 'the template has no parameter "extra" (it has: target, folder, strict, mode)',
        mode: 'mode must be one of fast, slow',
      },
    });
  });
});
