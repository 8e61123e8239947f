import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, stripFrontMatter } from './markdown-blocks';

describe('parseMarkdown', () => {
  it('reads headings, paragraphs, lists, code, quotes and rules', () => {
    const blocks = parseMarkdown(
      ['# Test fixer', '', 'Run the tests', 'and fix one.', '', '1. First', '2. Second', '   continued', '', '- a', '- b', '', '```bash', 'npm test', '```', '> careful', '', '---'].join('\n'),
    );
    expect(blocks.map((block) => block.type)).toEqual(['heading', 'paragraph', 'list', 'list', 'code', 'quote', 'rule']);
    expect(blocks[1]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'Run the tests and fix one.' }] });
    expect(blocks[2]).toMatchObject({ type: 'list', isOrdered: true, start: 1, items: [[{ text: 'First' }], [{ text: 'Second continued' }]] });
    expect(blocks[3]).toMatchObject({ type: 'list', isOrdered: false });
    expect(blocks[4]).toEqual({ type: 'code', language: 'bash', text: 'npm test' });
  });

  it('keeps HTML as text', () => {
    expect(parseMarkdown('<script>alert(1)</script>')).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: '<script>alert(1)</script>' }] }]);
  });
});

describe('parseInline', () => {
  it('reads code, placeholders, strong, emphasis and links', () => {
    expect(parseInline('Run `npm test` with {{test_command}}, **really** *now*')).toEqual([
      { type: 'text', text: 'Run ' },
      { type: 'code', text: 'npm test' },
      { type: 'text', text: ' with ' },
      { type: 'placeholder', text: '{{test_command}}' },
      { type: 'text', text: ', ' },
      { type: 'strong', children: [{ type: 'text', text: 'really' }] },
      { type: 'text', text: ' ' },
      { type: 'em', children: [{ type: 'text', text: 'now' }] },
    ]);
  });

  it('keeps only http(s) link addresses', () => {
    expect(parseInline('[docs](https://example.com)')).toEqual([{ type: 'link', href: 'https://example.com', children: [{ type: 'text', text: 'docs' }] }]);
    expect(parseInline('[x](javascript:alert(1))')[0]).toMatchObject({ type: 'link', href: null });
  });
});

describe('stripFrontMatter', () => {
  it('removes the YAML block at the top only', () => {
    expect(stripFrontMatter('---\nname: x\n---\n# Body\n---\n')).toBe('# Body\n---\n');
    expect(stripFrontMatter('# No front-matter')).toBe('# No front-matter');
  });
});
