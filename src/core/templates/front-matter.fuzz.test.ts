import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzOptions } from '../testing/fuzz';
import { lintTemplate } from './lint-template';

// The fuzz suite, template part: lint answers with findings for any text; it never throws.

const key = fc.oneof(fc.constantFrom('name', 'description', 'params', 'model', 'demo', 'limits', 'loop', 'permissions', 'rules', 'interval', 'type', 'default', 'enum', '<<', '__proto__'), fc.string({ maxLength: 12 }));
const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constantFrom('*a', '&a x', '!!binary', '!!js/function', '[', ']', '{', '}', '~', 'null', '2s', '1e999', '{{x}}', '"\\u0000"', "'", '|', '>'));
const line = fc.tuple(fc.nat({ max: 6 }), key, fc.constantFrom(': ', ':', ' - ', ': &a ', ': *a', ': ['), scalar).map(([indent, name, glue, value]) => `${' '.repeat(indent)}${name}${glue}${value}`);
const frontMatter = fc.array(line, { maxLength: 30 }).map((lines) => lines.join('\n'));
const body = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{{', '}}', '{{ a }}', '{{a}} {{b}}', '{{ }}', '---'));
const template = fc.oneof(
  fc.tuple(frontMatter, body).map(([yaml, program]) => `---\n${yaml}\n---\n${program}`),
  fc.tuple(frontMatter, body).map(([yaml, program]) => `---\n${yaml}\n${program}`),
  fc.string({ maxLength: 500 }),
);

describe('fuzzing front-matter text', () => {
  it('lints any text to findings with positions inside it, without throwing', () => {
    fc.assert(
      fc.property(template, (text) => {
        const linted = lintTemplate(text, { providers: ['scripted'], name: 'fuzzed', source: 'user' });
        const lines = text.split('\n').length;
        for (const finding of linted.findings) {
          expect(finding.line).toBeGreaterThanOrEqual(1);
          expect(finding.line).toBeLessThanOrEqual(lines + 1);
        }
      }),
      fuzzOptions(500),
    );
  });
});
