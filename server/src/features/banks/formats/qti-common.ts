import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ImportFileError } from './import-error.ts';
import { rootOf } from './xml-prolog.ts';

/** XML plumbing shared by the QTI importers and the exporter: one tree shape for QTI 2.1 and 3.0. */

export type Dialect = 'qti21' | 'qti30';

export type XText = { type: 'text'; text: string };
export type XElement = {
  type: 'element';
  /** Local name; QTI 3.0 `qti-foo-bar` becomes the QTI 2.1 spelling `fooBar` so one mapper serves both. */
  name: string;
  /** The name as written in the source, for messages. */
  raw: string;
  ns: string | null;
  /** QTI 3.0 kebab-case attributes of qti- elements are camel-cased like their QTI 2.1 counterparts. */
  attrs: Record<string, string>;
  children: XNode[];
};
export type XNode = XText | XElement;

export const QTI30_NS = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Mixed HTML content needs its whitespace: "a <b>b</b> c" must not become "a<b>b</b>c".
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  // Hand-written items use &nbsp; and friends without declaring them.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Decodes by BOM or by the XML declaration's encoding; UTF-8 otherwise. */
export function decodeXml(content: Buffer): string {
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) return content.subarray(3).toString('utf8');
  if (content[0] === 0xff && content[1] === 0xfe) return new TextDecoder('utf-16le').decode(content.subarray(2));
  if (content[0] === 0xfe && content[1] === 0xff) return new TextDecoder('utf-16be').decode(content.subarray(2));
  const head = content.subarray(0, 200).toString('latin1');
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (!declared || declared === 'utf-8' || declared === 'utf8') return content.toString('utf8');
  try {
    return new TextDecoder(declared).decode(content);
  } catch {
    throw new ImportFileError('xml.encoding', { encoding: declared });
  }
}

type FxpNode = Record<string, unknown>;

function convert(nodes: FxpNode[], scope: Record<string, string>): XNode[] {
  const out: XNode[] = [];
  for (const node of nodes) {
    if ('#text' in node) {
      out.push({ type: 'text', text: String(node['#text']) });
      continue;
    }
    if ('#cdata' in node) {
      out.push(...convert(node['#cdata'] as FxpNode[], scope));
      continue;
    }
    const raw = Object.keys(node).find((k) => k !== ':@');
    if (raw === undefined) continue;
    const given = (node[':@'] ?? {}) as Record<string, string>;
    const inner = { ...scope };
    for (const [k, v] of Object.entries(given)) {
      if (k === 'xmlns') inner[''] = v;
      else if (k.startsWith('xmlns:')) inner[k.slice(6)] = v;
    }
    const colon = raw.indexOf(':');
    const local = colon >= 0 ? raw.slice(colon + 1) : raw;
    const isQti3 = local.startsWith('qti-');
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(given)) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
      const keep = !isQti3 || k.includes(':') || k.startsWith('data-') || k.startsWith('aria-');
      attrs[keep ? k : camel(k)] = String(v);
    }
    out.push({
      type: 'element',
      name: isQti3 ? camel(local.slice(4)) : local,
      raw,
      ns: inner[colon >= 0 ? raw.slice(0, colon) : ''] ?? null,
      attrs,
      children: convert((node[raw] ?? []) as FxpNode[], inner),
    });
  }
  return out;
}

/** Parses a whole document; anything that is not well-formed XML with one root element throws. */
export function parseXml(content: Buffer, fileName: string): XElement {
  const text = decodeXml(content);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    // The parser's own sentence is the detail: it is not ours to word.
    throw new ImportFileError('xml.malformed', { line: valid.err.line, detail: valid.err.msg });
  }
  let parsed: FxpNode[];
  try {
    parsed = parser.parse(text) as FxpNode[];
  } catch (err) {
    throw new ImportFileError('xml.malformed', { line: '-', detail: err instanceof Error ? err.message : String(err) });
  }
  const roots = convert(parsed, {}).filter((n): n is XElement => n.type === 'element');
  if (roots.length !== 1) throw new ImportFileError('xml.roots', { count: roots.length });
  return roots[0]!;
}

export const elements = (el: XElement, name?: string): XElement[] =>
  el.children.filter((c): c is XElement => c.type === 'element' && (name === undefined || c.name === name));

export const firstElement = (el: XElement, name: string): XElement | undefined => elements(el, name)[0];

export function textOf(node: XNode): string {
  return node.type === 'text' ? node.text : node.children.map(textOf).join('');
}

/** Depth-first search, not descending into matches. */
export function findAll(el: XElement, test: (e: XElement) => boolean): XElement[] {
  return elements(el).flatMap((c) => (test(c) ? [c] : findAll(c, test)));
}

/** Which QTI version an element is an assessment item of, judged by its name and namespace. */
export function itemDialect(el: XElement): Dialect | null {
  const local = el.raw.slice(el.raw.indexOf(':') + 1);
  if (local === 'assessmentItem' && (el.ns === null || /imsqti_v2p\d/.test(el.ns))) return 'qti21';
  if (local === 'qti-assessment-item' && (el.ns === null || /imsqti(asi)?_v3p0/.test(el.ns))) return 'qti30';
  return null;
}

export const isTest = (el: XElement) => el.name === 'assessmentTest';

export function escapeText(s: string): string {
  // Characters XML 1.0 forbids anywhere are dropped rather than written.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');

export function parseNumber(s: string | undefined): number | null {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : null;
}

/** Cheap sniffing for detect(): the root element's name and namespace, or for a wrapper the items inside. */
export function sniff(content: Buffer, dialect: Dialect): boolean {
  let text: string;
  try {
    text = decodeXml(content.subarray(0, 1_000_000));
  } catch {
    return false;
  }
  const root = rootOf(text);
  if (!root) return false;
  const { local, ns } = root;
  if (local === 'assessmentItem') return dialect === 'qti21' && (ns === null || /imsqti_v2p\d/.test(ns));
  if (local === 'qti-assessment-item') return dialect === 'qti30' && (ns === null || /imsqti(asi)?_v3p0/.test(ns));
  if (/^(qti-)?assessment-?[Tt]est$/.test(local)) return false;
  // A wrapper belongs to the version most of its items are written in.
  const v2 = text.match(/<([\w.-]+:)?assessmentItem[\s>/]/g)?.length ?? 0;
  const v3 = text.match(/<([\w.-]+:)?qti-assessment-item[\s>/]/g)?.length ?? 0;
  return dialect === 'qti21' ? v2 > 0 && v2 >= v3 : v3 > v2;
}
