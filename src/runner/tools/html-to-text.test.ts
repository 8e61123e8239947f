import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('drops scripts, styles and comments and keeps the text', () => {
    const html =
      '<html><head><title>Docs</title><style>p{color:red}</style><script>alert(1)</script></head><body><!-- hidden --><p>Hello <b>world</b></p><script type="module">x()</script></body></html>';
    expect(htmlToText(html)).toBe('Docs\n\nHello world');
  });

  it('puts block elements on their own lines and list items as dashes', () => {
    expect(htmlToText('<h1>Title</h1><p>One</p><div>Two<br>Three</div><ul><li>a</li><li>b</li></ul>')).toBe('# Title\n\nOne\n\nTwo\nThree\n\n- a\n- b');
  });

  it('keeps link targets as "text (url)", resolved against the page', () => {
    const html = '<p>See <a href="/guide">the guide</a>, <a href="https://x.test/a?b=1&amp;c=2">this</a> and <a href="#top">top</a>.</p>';
    expect(htmlToText(html, 'https://example.com/docs/')).toBe('See the guide (https://example.com/guide), this (https://x.test/a?b=1&c=2) and top.');
  });

  it('shows a bare URL for a link without text', () => {
    expect(htmlToText("<a href='https://x.test/'><img src=a.png></a>")).toBe('https://x.test/');
  });

  it('collapses whitespace and decodes entities once', () => {
    expect(htmlToText('<p>  a \n\t b&nbsp;&amp;&lt;tag&gt;  &amp;lt; </p>')).toBe('a b &<tag> &lt;');
  });

  it('keeps image alt text', () => {
    expect(htmlToText('<p><img src="x.png" alt="A chart"> below</p>')).toBe('[image: A chart] below');
  });

  it('separates table cells', () => {
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>')).toBe('a b\n\nc');
  });
});
