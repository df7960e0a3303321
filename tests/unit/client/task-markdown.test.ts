import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { markdownElements } from '../../../client/src/exam/markdown/elements.tsx';
import { decodeReferences, isAllowedUrl } from '../../../client/src/exam/markdown/text.ts';

const MEDIA = '/api/candidate/sessions/7/items/3/media';
const html = (markdown: string) => renderToStaticMarkup(createElement('div', null, markdownElements(markdown, MEDIA))).replace(/^(<link rel="preload"[^>]*>)*<div>|<\/div>$/g, ''); // React's server renderer adds image preloads

/**
 * Task Markdown becomes elements, never an HTML string. The expected markup is what marked's HTML
 * looked like after DOMPurify (checked side by side in Chromium when the sanitiser was replaced),
 * except where noted: raw HTML now shows as text, and list numbering and column alignment survive.
 */
describe('task Markdown rendered as elements', () => {
  it('renders headings, paragraphs, emphasis, code and quotes', () => {
    expect(html('# 配置防火墙\n\nSome *em*, **strong**, ~~del~~ and `code <b>`.')).toBe('<h1>配置防火墙</h1><p>Some <em>em</em>, <strong>strong</strong>, <del>del</del> and <code>code &lt;b&gt;</code>.</p>');
    expect(html('```bash\necho "<script>" && ls\n```')).toBe('<pre tabindex="0"><code class="language-bash">echo &quot;&lt;script&gt;&quot; &amp;&amp; ls\n</code></pre>');
    expect(html('    indented\n    code')).toBe('<pre tabindex="0"><code>indented\ncode\n</code></pre>');
    expect(html('> 注意\n> 第二行')).toBe('<blockquote><p>注意\n第二行</p></blockquote>');
    expect(html('one  \ntwo\n\n***')).toBe('<p>one<br/>two</p><hr/>');
  });

  it('renders tight, loose, nested and numbered lists, task items without checkboxes', () => {
    expect(html('- a\n- b\n  - b1\n- c')).toBe('<ul><li>a</li><li>b<ul><li>b1</li></ul></li><li>c</li></ul>');
    expect(html('- a\n\n- b')).toBe('<ul><li><p>a</p></li><li><p>b</p></li></ul>');
    expect(html('3. three\n4. four')).toBe('<ol start="3"><li>three</li><li>four</li></ol>');
    expect(html('1. one')).toBe('<ol><li>one</li></ol>');
    expect(html('- [ ] open\n- [x] done')).toBe('<ul><li>open</li><li>done</li></ul>');
  });

  it('renders tables with their alignment', () => {
    expect(html('| a | b |\n|:--|--:|\n| 1 | **2** |')).toBe('<table><thead><tr><th align="left">a</th><th align="right">b</th></tr></thead><tbody><tr><td align="left">1</td><td align="right"><strong>2</strong></td></tr></tbody></table>');
    expect(html('| only |\n|---|')).toBe('<table><thead><tr><th>only</th></tr></thead></table>');
  });

  it('shows raw HTML as text, keeps <br> as a line break and comments hidden', () => {
    expect(html('a <b>b</b> <img src=x onerror="window.__xss=1"> <script>alert(1)</script>')).toBe('<p>a &lt;b&gt;b&lt;/b&gt; &lt;img src=x onerror=&quot;window.__xss=1&quot;&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html('<script>window.__xss=1</script>')).toBe('<p>&lt;script&gt;window.__xss=1&lt;/script&gt;</p>');
    expect(html('| a |\n|---|\n| x<br>y |')).toBe('<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>x<br/>y</td></tr></tbody></table>');
    expect(html('before <!-- 评分要点 --> after')).toBe('<p>before  after</p>');
    expect(html('<!-- hidden note -->')).toBe('');
  });

  it('decodes character references in text, not in code', () => {
    expect(html('&lt;script&gt; &amp; &#169; &#xA9; &foo; AT&T `&lt;`')).toBe('<p>&lt;script&gt; &amp; © © &amp;foo; AT&amp;T <code>&amp;lt;</code></p>');
    expect(html('\\*not em\\* \\&copy;')).toBe('<p>*not em* &amp;copy;</p>');
    expect(decodeReferences('&#0;&#xD800;&#1114112;')).toBe('\ufffd\ufffd\ufffd');
  });

  it('keeps links to the web and anchors, drops every other link target but keeps the text', () => {
    expect(html('[web](https://example.com "A &amp; B") [anchor](#s)')).toBe('<p><a href="https://example.com" title="A &amp; B">web</a> <a href="#s">anchor</a></p>');
    expect(html('[js](javascript:alert(1)) [rel](relative) [mail](mailto:a@b.c)')).toBe('<p><a>js</a> <a>rel</a> <a>mail</a></p>');
    expect(html('[a](java&#115;cript:alert(1)) [b](JaVaScRiPt:x) [c](%6Aavascript:x)')).toBe('<p><a>a</a> <a>b</a> <a>c</a></p>');
    expect(html('<https://e.com/?a=1&b=2> www.e.com a@b.co')).toBe('<p><a href="https://e.com/?a=1&amp;b=2">https://e.com/?a=1&amp;b=2</a> <a href="http://www.e.com">www.e.com</a> <a>a@b.co</a></p>');
    expect(html('[r] [bad]\n\n[r]: https://e.com/r "R"\n[bad]: javascript:alert(1)')).toBe('<p><a href="https://e.com/r" title="R">r</a> <a>bad</a></p>');
  });

  it('serves bank images through the media route, keeps web and raster images, drops other sources', () => {
    expect(html('![拓扑图](media:拓扑-1.png)')).toBe(`<p><img src="${MEDIA}/%E6%8B%93%E6%89%91-1.png" alt="拓扑图"/></p>`);
    expect(html('![w](https://e.com/a.png "T") ![d](data:image/png;base64,AA)')).toBe('<p><img src="https://e.com/a.png" alt="w" title="T"/> <img src="data:image/png;base64,AA" alt="d"/></p>');
    expect(html('![js](javascript:alert(1)) ![**b** x](relative.png)')).toBe('<p><img alt="js"/> <img alt="b x"/></p>');
    expect(html('[![i](media:a.png)](https://e.com)')).toBe(`<p><a href="https://e.com"><img src="${MEDIA}/a.png" alt="i"/></a></p>`);
  });

  it('applies the sanitiser URL rule', () => {
    expect(isAllowedUrl('https://e.com', 'link')).toBe(true);
    expect(isAllowedUrl('/api/candidate/x', 'link')).toBe(true);
    expect(isAllowedUrl('java\nscript:alert(1)', 'link')).toBe(false);
    expect(isAllowedUrl('data:text/html,<script>', 'link')).toBe(false);
    expect(isAllowedUrl('data:image/svg+xml,<svg/>', 'image')).toBe(true);
    expect(isAllowedUrl('//evil.example/x', 'image')).toBe(false);
  });
});
