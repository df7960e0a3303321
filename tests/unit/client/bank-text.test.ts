import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { hasMarkdown } from '../../../client/src/exam/BankText.tsx';
import { markdownElements } from '../../../client/src/exam/markdown/elements.tsx';
import { markdownExcerpt } from '../../../client/src/exam/markdown/excerpt.ts';
import { htmlToMarkdown, plainToMarkdown } from '../../../server/src/features/banks/formats/html-markdown.ts';

const html = (node: unknown) => renderToStaticMarkup(createElement('div', null, node as never)).replace(/^(<link rel="preload"[^>]*>)*<div>|<\/div>$/g, '');
const media = (name: string) => (name === 'net.png' ? `data:image/png;base64,AAAA` : undefined);

/** Theory stems and options: the skills renderer, with bank images resolved per page and inline options. */
describe('bank text of theory items', () => {
  it('loads the renderer only for text with Markdown syntax', () => {
    expect(hasMarkdown('HTTPS 默认使用的端口是（  ）')).toBe(false);
    expect(hasMarkdown('多行题干：\n第二行')).toBe(false);
    for (const md of ['**明文**', '![](media:a.png)', '\\*.exe', '| a | b |', '1. 第一步', '- 项', '`ls`', 'a\n\nb', '&lt;']) expect(hasMarkdown(md), md).toBe(true);
  });

  it('renders an imported HTML table stem as a table, with the image from the page resolver', () => {
    const md = htmlToMarkdown('<p>看图：<img src="media:net.png" alt="拓扑"></p><table><tr><th>端口</th><th>服务</th></tr><tr><td>23</td><td>Telnet<br>明文</td></tr></table>');
    expect(html(markdownElements(md, media))).toBe(
      '<p>看图：<img src="data:image/png;base64,AAAA" alt="拓扑"/></p><table><thead><tr><th>端口</th><th>服务</th></tr></thead><tbody><tr><td>23</td><td>Telnet<br/>明文</td></tr></tbody></table>',
    );
  });

  it('shows the alt text of an image the page cannot serve, and an option paragraph inline', () => {
    expect(html(markdownElements('![拓扑图](media:gone.png)', media))).toBe('<p>拓扑图</p>');
    expect(html(markdownElements('**AES** 与 `SM4`', media, { inline: true }))).toBe('<strong>AES</strong> 与 <code>SM4</code>');
    expect(html(markdownElements('- a\n- b', media, { inline: true }))).toBe('<ul><li>a</li><li>b</li></ul>');
  });

  it('shows escaped plain text (Aiken, GIFT, spreadsheets) exactly as it was typed', () => {
    const typed = '*.exe 与 _tmp_ 文件\n1. 不是列表\n# 不是标题 <b>不是粗体</b> a|b';
    const rendered = html(markdownElements(plainToMarkdown(typed), media));
    expect(rendered).toBe('<p>*.exe 与 _tmp_ 文件<br/>1. 不是列表<br/># 不是标题 &lt;b&gt;不是粗体&lt;/b&gt; a|b</p>');
    const hostile = '<img src=x onerror="window.__xss=1"> &amp; &lt;';
    expect(html(markdownElements(plainToMarkdown(hostile), media))).toBe('<p>&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt; &amp;amp; &amp;lt;</p>');
  });
});

describe('HTML to Markdown for bank files', () => {
  const convert = (input: string) => {
    const notes: string[] = [];
    return { md: htmlToMarkdown(input, (m) => notes.push(m.key)), notes };
  };

  it('keeps lists, code and emphasis, and pads ragged table rows', () => {
    expect(convert('<ol><li>一</li><li><code>ls -l</code></li></ol><pre><code>iptables -A INPUT</code></pre>').md).toBe('1.  一\n2.  `ls -l`\n\n```\niptables -A INPUT\n```');
    expect(convert('<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>1</td></tr></table>').md).toBe('| a | b | c |\n| --- | --- | --- |\n| 1 | | |');
  });

  it('reports what it cannot keep, once per kind', () => {
    const { md, notes } = convert('<table><tr><td colspan="2">合并</td></tr><tr><td>x</td><td>y</td></tr></table><p>2<sup>10</sup> H<sub>2</sub>O</p><video src="a.mp4"></video><img src="@@PLUGINFILE@@/a.png"><img src="@@PLUGINFILE@@/a.png">');
    expect(md).toContain('| 合并 | |\n| --- | --- |\n| x | y |');
    expect(md).toContain('2^10 H2O');
    expect(notes).toEqual(['html.tableMergedCells', 'html.subSupLost', 'html.mediaDropped', 'html.imageMissing']);
  });

  it('shows a stem in staff lists as one line of its text, images named, Markdown read (bank list, grader and staffing tasks)', () => {
    const excerpt = (md: string, max = 80) => markdownExcerpt(md, { max, image: (alt) => (alt ? `〔图：${alt}〕` : '〔图〕') });
    const md = htmlToMarkdown('<p>根据<strong>拓扑图</strong> <img src="media:net.png" alt="拓扑"> 回答：</p><table><tr><th>端口</th><th>服务</th></tr><tr><td>23</td><td>Telnet</td></tr></table><p><img src="media:b.png"></p>');
    expect(excerpt(md)).toBe('根据拓扑图 〔图：拓扑〕 回答： 端口 服务 23 Telnet 〔图〕');
    expect(excerpt(plainToMarkdown('*.exe 与 _tmp_ 文件\n1. 不是列表 a|b &lt;'))).toBe('*.exe 与 _tmp_ 文件 1. 不是列表 a|b &lt;');
    expect(excerpt('- 第一步 `ls -l`\n- 第二步', 80)).toBe('第一步 ls -l 第二步');
    expect(excerpt('很长的题干'.repeat(10), 12)).toBe('很长的题干很长的题干很长…');
  });
});
