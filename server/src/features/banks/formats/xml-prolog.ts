import { ImportFileError } from './import-error.ts';

/**
 * What comes before an XML document's root element, read by a linear scan (indexOf, no regular
 * expression that can backtrack): the XML declaration, comments, processing instructions and the
 * DOCTYPE with its internal subset. A regex over "comments then <quiz" backtracked exponentially on
 * a long comment header (the IMS conformance items open with 57 comment lines: minutes of CPU).
 */

export type XmlRoot = {
  /** The root element's name as written (prefix included). */
  name: string;
  /** The root's start tag without its name: its attributes. */
  attributes: string;
  /** The DOCTYPE as written, when there is one. */
  doctype: string | null;
};

const NAME_CHAR = /[\w.:\-\u00b7\u00c0-\uffff]/;

/** Skips a DOCTYPE starting at `start` (at "<!DOCTYPE"); returns the index after its closing ">". */
function doctypeEnd(text: string, start: number): number {
  let quote: string | null = null;
  let depth = 0;
  for (let i = start + 9; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (ch === '<' && depth > 0 && text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return -1;
      i = end + 2;
    } else if (ch === '>' && depth <= 0) return i + 1;
  }
  return -1;
}

/** The root element of an XML text, or null when the text does not start like XML. */
export function xmlRoot(text: string): XmlRoot | null {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let doctype: string | null = null;
  for (;;) {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
    if (text[i] !== '<') return null;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return null;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return null;
      i = end + 3;
    } else if (text.startsWith('<!DOCTYPE', i)) {
      const end = doctypeEnd(text, i);
      if (end === -1) return null;
      doctype = text.slice(i, end);
      i = end;
    } else {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j]!)) j++;
      if (j === i + 1) return null;
      const close = text.indexOf('>', j);
      if (close === -1) return null;
      return { name: text.slice(i + 1, j), attributes: text.slice(j, close), doctype };
    }
  }
}

/** The root's local name, its namespace (declared on the root) and the DOCTYPE. */
export function rootOf(text: string): (XmlRoot & { local: string; ns: string | null }) | null {
  const root = xmlRoot(text);
  if (!root) return null;
  const colon = root.name.indexOf(':');
  const nsAttr = colon >= 0 ? `xmlns:${root.name.slice(0, colon)}` : 'xmlns';
  return { ...root, local: root.name.slice(colon + 1), ns: attributeValue(root.attributes, nsAttr) };
}

/** One attribute's value from a start tag's attribute text (a linear scan). */
export function attributeValue(attributes: string, name: string): string | null {
  let from = 0;
  for (;;) {
    const at = attributes.indexOf(name, from);
    if (at === -1) return null;
    from = at + name.length;
    const before = attributes[at - 1];
    if (before !== undefined && !' \t\r\n'.includes(before)) continue;
    let k = from;
    while (' \t\r\n'.includes(attributes[k] ?? 'x')) k++;
    if (attributes[k] !== '=') continue;
    k++;
    while (' \t\r\n'.includes(attributes[k] ?? 'x')) k++;
    const quote = attributes[k];
    if (quote !== '"' && quote !== "'") continue;
    const end = attributes.indexOf(quote, k + 1);
    if (end === -1) return null;
    return attributes.slice(k + 1, end);
  }
}

/**
 * Refuses an XML document that declares entities: they are how billion-laughs and external-entity
 * attacks start, and no bank format needs them. Declarations can only sit in the DOCTYPE's internal
 * subset, which the prolog scan isolates; a file whose prolog cannot be read is checked whole.
 */
export function assertNoEntityDeclarations(text: string): void {
  const root = xmlRoot(text);
  const where = root ? (root.doctype ?? '') : text;
  if (where.includes('<!ENTITY')) throw new ImportFileError('xml.entity');
}
