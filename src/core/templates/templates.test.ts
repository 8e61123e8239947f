import { describe, expect, it } from 'vitest';
import { fillPlaceholders, parseTemplate } from './parse-template';
import { resolveParams } from './resolve-params';

describe('parseTemplate', () => {
  it('splits validated front-matter from the program', () => {
    const parsed = parseTemplate('---\nname: demo\nparams:\n  n: { type: number, default: 3 }\n---\n# Program\n', 'demo.md');
    expect(parsed.frontMatter).toMatchObject({ name: 'demo', params: { n: { type: 'number', default: 3, required: false } } });
    expect(parsed.body).toBe('# Program\n');
  });
  it('treats a file without front-matter as all program', () => {
    expect(parseTemplate('# Just text', 'x.md')).toEqual({ frontMatter: {}, body: '# Just text' });
  });
  it('reports a YAML error with the file, line and column', () => {
    expect(() => parseTemplate('---\nname: demo\nparams: [\n---\nbody', 'bad.md')).toThrow(/^bad\.md:\d+:\d+: /);
  });
  it('rejects unknown front-matter keys', () => {
    expect(() => parseTemplate('---\nnmae: demo\n---\nbody', 'typo.md')).toThrow('typo.md: the front-matter is not valid');
  });
});

describe('fillPlaceholders', () => {
  it('fills params and refuses an unknown placeholder', () => {
    expect(fillPlaceholders('Count to {{ target }}.', { target: 5 })).toBe('Count to 5.');
    expect(() => fillPlaceholders('{{missing}}', {})).toThrow('The placeholder {{missing}} has no parameter of that name');
  });
});

describe('resolveParams', () => {
  const declared = {
    target: { type: 'number' as const, default: 5, required: false, description: '' },
    folder: { type: 'string' as const, required: true, description: 'where the papers are' },
    strict: { type: 'boolean' as const, required: false, description: '' },
  };
  it('fills defaults and coerces text from forms and the CLI', () => {
    expect(resolveParams(declared, { folder: 'papers', target: '7', strict: 'true' })).toEqual({
      ok: true,
      values: { target: 7, folder: 'papers', strict: true },
    });
  });
  it('names every problem by its param', () => {
    const result = resolveParams(declared, { target: 'lots', extra: 'x' });
    expect(result).toEqual({
      ok: false,
      errors: {
        target: 'target must be a number, not "lots"',
        folder: 'folder is required: where the papers are',
        extra: 'the template has no parameter "extra" (it has: target, folder, strict)',
      },
    });
  });
});
