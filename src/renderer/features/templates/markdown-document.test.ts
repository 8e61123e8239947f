import { describe, expect, it } from 'vitest';
import { type MdBlock, parseMarkdownDocument, stripFrontMatter } from './markdown-document';

const md = (...lines: string[]): ReadonlyArray<MdBlock> => parseMarkdownDocument(lines.join('\n'));
const text = (value: string) => ({ type: 'text', text: value });
const paragraph = (value: string) => ({ type: 'paragraph', content: [text(value)] });

describe('parseMarkdownDocument', () => {
  it('keeps a nested list inside its item, each list with its own numbering', () => {
    expect(md('1. First', '   - a', '   - b', '2. Second', '', '3) Third')).toEqual([
      {
        type: 'list',
        isOrdered: true,
        start: 1,
        isTight: true,
        items: [
          { checked: null, blocks: [paragraph('First'), { type: 'list', isOrdered: false, start: 1, isTight: true, items: [{ checked: null, blocks: [paragraph('a')] }, { checked: null, blocks: [paragraph('b')] }] }] },
          { checked: null, blocks: [paragraph('Second')] },
        ],
      },
      // A different delimiter starts a new list, numbered from where it says.
      { type: 'list', isOrdered: true, start: 3, isTight: true, items: [{ checked: null, blocks: [paragraph('Third')] }] },
    ]);
  });

  it('reads a list with blank lines between its items as loose, and joins an item’s continuation lines', () => {
    expect(md('- one', '  still one', '', '- two')).toEqual([
      { type: 'list', isOrdered: false, start: 1, isTight: false, items: [{ checked: null, blocks: [paragraph('one\nstill one')] }, { checked: null, blocks: [paragraph('two')] }] },
    ]);
  });

  it('reads GitHub tables with their alignment, escaped pipes and empty cells', () => {
    expect(md('| Step | Command | Time |', '|:-----|:-------:|-----:|', '| 1 | `a \\| b` | |', '| 2 |')).toEqual([
      {
        type: 'table',
        align: ['left', 'center', 'right'],
        head: [[text('Step')], [text('Command')], [text('Time')]],
        rows: [
          [[text('1')], [{ type: 'code', text: 'a | b' }], []],
          [[text('2')], [], []],
        ],
      },
    ]);
  });

  it('reads indented and fenced code as code, inside lists and quotes too, without the container’s indentation', () => {
    expect(md('    npm test', '      --watch', '', '```bash title', 'echo hi', '```')).toEqual([
      { type: 'code', language: '', text: 'npm test\n  --watch' },
      { type: 'code', language: 'bash', text: 'echo hi' },
    ]);
    expect(md('- run:', '', '  ```', '  make', '    all', '  ```')[0]).toMatchObject({ items: [{ blocks: [paragraph('run:'), { type: 'code', text: 'make\n  all' }] }] });
    expect(md('> ```', '> x', '> ```')).toEqual([{ type: 'quote', blocks: [{ type: 'code', language: '', text: 'x' }] }]);
  });

  it('reads headings of both kinds, quotes, rules and task items', () => {
    expect(md('# Test *fixer* #', '', 'Goal', '----', '', '> careful', '> now', '', '***', '', '- [x] done', '- [ ] not yet')).toEqual([
      { type: 'heading', level: 1, content: [text('Test '), { type: 'em', children: [text('fixer')] }] },
      { type: 'heading', level: 2, content: [text('Goal')] },
      { type: 'quote', blocks: [paragraph('careful\nnow')] },
      { type: 'rule' },
      { type: 'list', isOrdered: false, start: 1, isTight: true, items: [{ checked: true, blocks: [paragraph('done')] }, { checked: false, blocks: [paragraph('not yet')] }] },
    ]);
  });

  it('marks {{placeholders}} in text but not in code, and reads emphasis, strikethrough, escapes, entities and breaks', () => {
    expect(md('Run {{ test_command }} not `{{x}}`: **really** ~~never~~ \\*plain\\* &amp; &copy;  ', 'next')).toEqual([
      {
        type: 'paragraph',
        content: [
          text('Run '),
          { type: 'placeholder', text: '{{ test_command }}' },
          text(' not '),
          { type: 'code', text: '{{x}}' },
          text(': '),
          { type: 'strong', children: [text('really')] },
          text(' '),
          { type: 'del', children: [text('never')] },
          text(' *plain* & ©'),
          { type: 'break' },
          text('next'),
        ],
      },
    ]);
  });

  it('keeps only http(s) and mailto link addresses, resolves reference links, and never loads images', () => {
    expect(md('[docs](https://example.com "Docs") [x](javascript:alert(1)) [ref][Guide] <https://a.example> www.b.example ![a *chart*](https://img.example/c.png)', '', '[guide]: https://guide.example')).toEqual([
      {
        type: 'paragraph',
        content: [
          { type: 'link', href: 'https://example.com', children: [text('docs')] },
          text(' '),
          { type: 'link', href: null, children: [text('x')] },
          text(' '),
          { type: 'link', href: 'https://guide.example', children: [text('ref')] },
          text(' '),
          { type: 'link', href: 'https://a.example', children: [text('https://a.example')] },
          text(' '),
          { type: 'link', href: 'http://www.b.example', children: [text('www.b.example')] },
          text(' '),
          { type: 'image', alt: 'a chart' },
        ],
      },
    ]);
  });

  it('keeps HTML as the text it is', () => {
    expect(md('<script>alert(1)</script>')).toEqual([{ type: 'code', language: '', text: '<script>alert(1)</script>' }]);
    expect(md('Say <b>hi</b>')).toEqual([paragraph('Say <b>hi</b>')]);
  });
});

describe('stripFrontMatter', () => {
  it('removes the YAML block at the top only', () => {
    expect(stripFrontMatter('---\nname: x\n---\n# Body\n---\n')).toBe('# Body\n---\n');
    expect(stripFrontMatter('# No front-matter')).toBe('# No front-matter');
  });
});
