import { describe, expect, it } from 'vitest';
import { MAX_HTML_DEPTH, flattenDeepNesting, htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('drops scripts, styles and comments and keeps the title and the text', async () => {
    const html =
      '<html><head><title>Docs</title><style>p{color:red}</style><script>alert(1)</script></head><body><!-- hidden --><p>Hello <b>world</b></p><script type="module">x()</script></body></html>';
    expect(await htmlToText(html)).toBe('Docs\n\nHello world');
  });

  it('puts block elements on their own lines, headings as Markdown', async () => {
    expect(await htmlToText('<h1>Title</h1><p>One</p><div>Two<br>Three</div><h2>Sub</h2><p>Four</p>')).toBe('# Title\n\nOne\n\nTwo\nThree\n\n## Sub\n\nFour');
  });

  it('indents nested lists under their item', async () => {
    expect(await htmlToText('<ul><li>a<ul><li>a1</li><li>a2</li></ul></li><li>b</li></ul><ol><li>one</li><li>two</li></ol>')).toBe(
      '- a\n  - a1\n  - a2\n- b\n\n 1. one\n 2. two',
    );
  });

  it('keeps link targets as "text (url)", resolved against the page', async () => {
    const html = '<p>See <a href="/guide">the guide</a>, <a href="https://x.test/a?b=1&amp;c=2">this</a> and <a href="#top">top</a>.</p>';
    expect(await htmlToText(html, 'https://example.com/docs/')).toBe('See the guide (https://example.com/guide), this (https://x.test/a?b=1&c=2) and top.');
  });

  it('shows a bare URL for a link whose text is the URL', async () => {
    expect(await htmlToText("<p><a href='https://x.test/'>https://x.test/</a></p>")).toBe('https://x.test/');
  });

  it('decodes named, numeric and hex entities once', async () => {
    expect(await htmlToText('<p>a&nbsp;&amp;&lt;tag&gt; &amp;lt; &eacute;&#233;&#x1F600; &hellip;</p>')).toBe('a\u00a0&<tag> &lt; éé😀 …');
  });

  it('keeps <pre> as written: indentation and line breaks', async () => {
    expect(await htmlToText('<p>Code:</p><pre>def f():\n    return 1 &lt; 2\n\n# end</pre>')).toBe('Code:\n\ndef f():\n    return 1 < 2\n\n# end');
  });

  it('lays a table out in columns, header included', async () => {
    expect(await htmlToText('<table><tr><th>name</th><th>size</th></tr><tr><td>a.txt</td><td>12</td></tr><tr><td>b</td><td>3</td></tr></table>')).toBe(
      'name    size\na.txt   12\nb       3',
    );
  });

  it('finishes the hostile pages (100,000 unclosed `<div ` and 100,000 nested `<div>`)', { timeout: 60_000 }, async () => {
    expect(await htmlToText(`<p>before</p>${'<div '.repeat(100_000)}`)).toBe('before');
    expect(await htmlToText(`<p>before</p>${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}<p>after</p>`)).toContain('after');
  });
});

describe('flattenDeepNesting', () => {
  it('leaves a page that nests less than the limit alone', () => {
    const page = `${'<div>'.repeat(MAX_HTML_DEPTH)}x${'</div>'.repeat(MAX_HTML_DEPTH)}<br><img src=a>`;
    expect(flattenDeepNesting(page)).toBe(page);
  });

  it('drops the open tags past the limit and keeps their text', () => {
    const flat = flattenDeepNesting(`${'<div>'.repeat(MAX_HTML_DEPTH + 3)}deep`);
    expect(flat).toBe(`${'<div>'.repeat(MAX_HTML_DEPTH)}deep`);
  });
});
