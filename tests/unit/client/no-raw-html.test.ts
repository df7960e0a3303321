import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * Candidate text (answers, captions, names) and question content reach the proctor, grader and
 * admin pages as data; React renders data as text. Raw HTML is the way around that, and the client
 * has no place for it: even task Markdown becomes elements (exam/markdown/elements.tsx), never an
 * HTML string. A new innerHTML anywhere fails here and has to be argued for.
 */
const clientDir = fileURLToPath(new URL('../../../client/src', import.meta.url));
const RAW_HTML = /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.(ts|tsx|js)$/.test(d.name) ? [p] : [];
  });
}

it('renders raw HTML nowhere in the client', () => {
  const files = sources(clientDir);
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.map((f) => path.relative(clientDir, f).split(path.sep).join('/')).filter((rel) => RAW_HTML.test(fs.readFileSync(path.join(clientDir, rel), 'utf8')));
  expect(offenders).toEqual([]);
});

it('renders task Markdown from tokens, with no HTML renderer or sanitiser on the candidate path', () => {
  const renderer = fs.readFileSync(path.join(clientDir, 'exam/markdown/elements.tsx'), 'utf8');
  expect(renderer).toMatch(/^import \{ Lexer, type MarkedToken, type Token, type Tokens \} from 'marked';$/m);
  expect(renderer).not.toMatch(/dompurify|DOMPurify|\bmarked\.parse|\bMarked\b/);
});
