import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/**
 * What a page of the built client costs a browser on a cold cache: its JavaScript chunks, read from
 * Vite's manifest, with their size as built and as sent gzip- and brotli-compressed. A page is the
 * entry plus its route module, their static imports, and every chunk the page may load later on
 * its own (a lazily loaded piece such as the Markdown renderer), but not other routes.
 *
 * The budget is on gzip: over plain HTTP to a host other than localhost (an exam room's LAN),
 * Chromium offers only gzip and deflate, never brotli.
 */

/**
 * The issue's target for the candidate's exam page, held by the tests: 150 kB gzip-compressed, the
 * skills part with its Markdown renderer included. What got it there (see the README): Preact for
 * React, task Markdown rendered from marked's Lexer alone without an HTML sanitiser, the strings of
 * pages candidates never open left out of their language chunk, Mantine's pieces in one chunk
 * without the staff pages' components and hooks, and Socket.IO over WebSocket only.
 */
export const CANDIDATE_EXAM_TARGET_BYTES = 150_000;
/**
 * What the tests hold: the target itself. It had 5 kB of slack while the integrity and
 * accessibility work left the page 2.7 kB over; that was won back with some margin (144.8 kB when
 * the slack went), so a change that crosses the target now fails the tests instead.
 */
export const CANDIDATE_EXAM_BUDGET_BYTES = CANDIDATE_EXAM_TARGET_BYTES;

type ManifestEntry = { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] };
type Manifest = Record<string, ManifestEntry>;

type Bytes = { raw: number; gzip: number; brotli: number };
/** `lazy`: loaded later by the page itself (the Markdown renderer with the first skills task), not on first paint. */
export type ChunkSize = Bytes & { file: string; lazy: boolean };
export type PageSize = { name: string; chunks: ChunkSize[]; total: Bytes; firstPaint: Bytes };

/** The pages worth watching: the candidate's first (login, overview) and the exam itself. */
export const PAGES: Readonly<Record<string, string>> = {
  'candidate exam page (/exam/part/:id)': 'src/exam/ExamPage.tsx',
  'candidate overview (/exam)': 'src/pages/ExamOverviewPage.tsx',
  'login page (/)': 'src/pages/LoginPage.tsx',
};
export const CANDIDATE_EXAM_PAGE = 'candidate exam page (/exam/part/:id)';
/** Loaded before the first render, whatever the page: the default language's strings, candidate part (src/i18n/parts.ts). */
const LOADED_WITH_EVERY_PAGE = ['virtual:strings/zh-CN.candidate'];
// The manifest names a virtual module by its id relative to the client's root.
const manifestKey = (manifest: Manifest, id: string) => Object.keys(manifest).find((k) => k === id || k.endsWith(`/${id}`)) ?? id;

export const defaultClientDist = fileURLToPath(new URL('../dist/client', import.meta.url));

export function readManifest(distDir: string): Manifest {
  const file = path.join(distDir, '.vite', 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
}

function staticClosure(manifest: Manifest, keys: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...keys];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    const entry = manifest[key];
    if (!entry) throw new Error(`${key} is not in the build's manifest`);
    seen.add(key);
    stack.push(...(entry.imports ?? []));
  }
  return seen;
}

/** Manifest keys of every chunk a page can load: entry + route, and the route's own lazy pieces. */
export function pageChunks(manifest: Manifest, route: string, opts: { lazyPieces?: boolean } = {}): Set<string> {
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error('the manifest has no entry');
  const everyPage = LOADED_WITH_EVERY_PAGE.map((id) => manifestKey(manifest, id));
  const routes = new Set((manifest[entry]!.dynamicImports ?? []).filter((k) => !everyPage.includes(k)));
  // A route module missing from the manifest is part of the entry chunk itself.
  const keys = staticClosure(manifest, [entry, ...(manifest[route] ? [route] : []), ...everyPage]);
  if (opts.lazyPieces === false) return keys;
  const page = new Set<string>();
  const pending = [...keys];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (page.has(key)) continue;
    page.add(key);
    for (const lazy of manifest[key]!.dynamicImports ?? []) {
      if (routes.has(lazy) && lazy !== route) continue;
      pending.push(...staticClosure(manifest, [lazy]));
    }
  }
  return page;
}

/** Sizes of one built file; the pre-compressed siblings when the build wrote them. */
export function chunkSize(distDir: string, file: string): Bytes & { file: string } {
  const full = path.join(distDir, file);
  const bytes = fs.readFileSync(full);
  const sibling = (ext: string, compress: (b: Buffer) => Buffer) => (fs.existsSync(full + ext) ? fs.statSync(full + ext).size : compress(bytes).length);
  return {
    file,
    raw: bytes.length,
    gzip: sibling('.gz', (b) => zlib.gzipSync(b, { level: 9 })),
    brotli: sibling('.br', (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } })),
  };
}

const sum = (chunks: readonly Bytes[]): Bytes => chunks.reduce((t, c) => ({ raw: t.raw + c.raw, gzip: t.gzip + c.gzip, brotli: t.brotli + c.brotli }), { raw: 0, gzip: 0, brotli: 0 });

export function measurePage(distDir: string, manifest: Manifest, name: string, route: string): PageSize {
  const firstPaint = new Set(pageChunks(manifest, route, { lazyPieces: false }));
  const chunks = [...pageChunks(manifest, route)]
    .filter((key) => manifest[key]!.file.endsWith('.js'))
    .map((key) => ({ ...chunkSize(distDir, manifest[key]!.file), lazy: !firstPaint.has(key) }))
    .sort((a, b) => b.gzip - a.gzip);
  return { name, chunks, total: sum(chunks), firstPaint: sum(chunks.filter((c) => !c.lazy)) };
}

export function measurePages(distDir = defaultClientDist): PageSize[] {
  const manifest = readManifest(distDir);
  return Object.entries(PAGES).map(([name, route]) => measurePage(distDir, manifest, name, route));
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;

export function formatPage(page: PageSize): string {
  const width = Math.max(...page.chunks.map((c) => c.file.length + 8), 30);
  const row = (label: string, s: Bytes) => `  ${label.padEnd(width)}  ${kb(s.raw).padStart(10)}  ${kb(s.gzip).padStart(10)}  ${kb(s.brotli).padStart(10)}`;
  return [
    `${page.name}: ${page.chunks.length} JavaScript chunks`,
    `  ${'chunk'.padEnd(width)}  ${'built'.padStart(10)}  ${'gzip'.padStart(10)}  ${'brotli'.padStart(10)}`,
    ...page.chunks.map((c) => row(c.lazy ? `${c.file} (later)` : c.file, c)),
    row('total', page.total),
    ...(page.chunks.some((c) => c.lazy) ? [row('first paint (without "later")', page.firstPaint)] : []),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pages = measurePages();
  process.stdout.write(`${pages.map(formatPage).join('\n\n')}\n\n`);
  const exam = pages.find((p) => p.name === CANDIDATE_EXAM_PAGE)!;
  const within = exam.total.gzip <= CANDIDATE_EXAM_BUDGET_BYTES;
  const onTarget = exam.total.gzip <= CANDIDATE_EXAM_TARGET_BYTES;
  process.stdout.write(
    [
      `Candidate exam page: ${kb(exam.total.gzip)} of JavaScript gzip-compressed (what a browser gets over plain HTTP on a LAN; ${kb(exam.firstPaint.gzip)} for a theory part, which never loads the Markdown renderer), ${kb(exam.total.brotli)} brotli (HTTPS, localhost).`,
      `Target (issue #14${CANDIDATE_EXAM_BUDGET_BYTES === CANDIDATE_EXAM_TARGET_BYTES ? ', held by the tests' : ''}): ${kb(CANDIDATE_EXAM_TARGET_BYTES)}: ${onTarget ? `met (${kb(CANDIDATE_EXAM_TARGET_BYTES - exam.total.gzip)} to spare)` : `missed by ${kb(exam.total.gzip - CANDIDATE_EXAM_TARGET_BYTES)}`}.`,
      ...(CANDIDATE_EXAM_BUDGET_BYTES === CANDIDATE_EXAM_TARGET_BYTES
        ? []
        : [`Budget held by the tests: ${kb(CANDIDATE_EXAM_BUDGET_BYTES)}: ${within ? `within (${kb(CANDIDATE_EXAM_BUDGET_BYTES - exam.total.gzip)} to spare)` : `OVER by ${kb(exam.total.gzip - CANDIDATE_EXAM_BUDGET_BYTES)}`}.`]),
      '',
    ].join('\n'),
  );
  process.exitCode = within ? 0 : 1;
}
