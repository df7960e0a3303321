import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * Candidate text (answers, captions, names) and question content reach the proctor, grader and
 * admin pages as data; React renders data as text. Raw HTML is the way around that, so the client
 * may use it in exactly one place: task Markdown, which goes through DOMPurify first. A new
 * innerHTML anywhere else fails here and has to be argued for.
 */
const clientDir = fileURLToPath(new URL('../../../client/src', import.meta.url));
const RAW_HTML = /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(/;
const ALLOWED = new Set(['exam/TaskMarkdown.tsx']);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(d.name) ? [p] : [];
  });
}

it('renders raw HTML only in the sanitised task Markdown', () => {
  const files = sources(clientDir);
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.map((f) => path.relative(clientDir, f).split(path.sep).join('/')).filter((rel) => RAW_HTML.test(fs.readFileSync(path.join(clientDir, rel), 'utf8')));
  expect(offenders.filter((rel) => !ALLOWED.has(rel))).toEqual([]);
  for (const rel of ALLOWED) expect(fs.readFileSync(path.join(clientDir, rel), 'utf8')).toMatch(/DOMPurify\.sanitize\(/);
});
