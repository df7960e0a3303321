import { SaxesParser } from 'saxes';
import { ImportFileError } from './import-error.ts';

export type Attrs = Record<string, string>;
export type SaxHandlers = { open?: (name: string, attrs: Attrs) => void; close?: (name: string) => void; text?: (text: string) => void };

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * One SAX pass (saxes) over an XML part of a zip (workbook parts, manifests): names are local
 * names, attributes keep their prefixes. A DOCTYPE is refused, so no entity is ever declared.
 */
export function sax(xml: Buffer, part: string, on: SaxHandlers, errorKey = 'xlsx.unreadable'): void {
  const parser = new SaxesParser({ position: false, xmlns: false });
  parser.on('doctype', () => {
    throw new ImportFileError('xml.doctype', { part });
  });
  if (on.open) {
    const open = on.open;
    parser.on('opentag', (tag) => open(local(tag.name), tag.attributes as Attrs));
  }
  if (on.close) {
    const close = on.close;
    parser.on('closetag', (tag) => close(local(tag.name)));
  }
  if (on.text) {
    parser.on('text', on.text);
    parser.on('cdata', on.text);
  }
  try {
    parser.write(xml.toString('utf8')).close();
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError(errorKey, { part, detail: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err) });
  }
}
