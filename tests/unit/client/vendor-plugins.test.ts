import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lexer as fullLexer } from 'marked';
import { lexerOnly } from '../../../client/vendor-plugins.ts';

const markedFile = path.join(path.dirname(createRequire(import.meta.url).resolve('marked')), 'marked.esm.js');

const SAMPLE = [
  '# 标题 *em*',
  '',
  'Text with **strong**, ~~del~~, `code`, [a link](https://example.org "t") and ![img](media:a.png).',
  '',
  '- [ ] task',
  '- item  ',
  '  second line',
  '  1. nested',
  '',
  '| a | b |',
  '|:--|--:|',
  '| 1<br>2 | &amp; |',
  '',
  '```bash',
  'echo "<script>"',
  '```',
  '',
  '> quote',
  '',
  '<div>raw</div>',
  '',
  '[ref]: https://example.org',
  '***',
].join('\n');

describe("marked cut to its Lexer for the client build (client/vendor-plugins.ts)", () => {
  it('lexes exactly as the whole of marked does, and exports nothing else', async () => {
    const cut = lexerOnly(fs.readFileSync(markedFile, 'utf8'));
    if (typeof cut !== 'string') throw new Error(cut.error);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-marked-'));
    try {
      fs.writeFileSync(path.join(dir, 'lexer.mjs'), cut);
      const mod = (await import(pathToFileURL(path.join(dir, 'lexer.mjs')).href)) as Record<string, unknown> & { Lexer: { lex: typeof fullLexer } };
      expect(Object.keys(mod)).toEqual(['Lexer']);
      expect(JSON.parse(JSON.stringify(mod.Lexer.lex(SAMPLE)))).toEqual(JSON.parse(JSON.stringify(fullLexer(SAMPLE))));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // The default instance is gone, so nothing keeps the Parser and Renderer in the bundle
    // (tests/integration/deploy/bundle-size.test.ts looks at the built chunk).
    expect(cut).not.toMatch(/=new [\w$]+;function/);
  });

  it('says why when marked no longer has the shape the cut expects', () => {
    expect(lexerOnly('var a=1;')).toEqual({ error: 'no export list' });
    expect(lexerOnly('class x{};export{x as Lexer};')).toEqual({ error: 'no Lexer or Marked in the export list' });
    expect(lexerOnly('class x{};class B{};export{x as Lexer,B as Marked};')).toEqual({ error: 'not one default instance (=new B;)' });
    expect(lexerOnly('class x{};class B{};let _=new B;export{x as Lexer,B as Marked};')).toEqual({ error: 'the default instance is not a plain `var`' });
    expect(lexerOnly('class x{};class B{};var _=new B;function k(){};export{x as Lexer,B as Marked};')).toBe('class x{};class B{};export{x as Lexer};\n');
  });
});
