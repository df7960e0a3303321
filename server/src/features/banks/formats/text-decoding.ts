import { ImportFileError } from './import-error.ts';

/** Text files from Chinese Windows machines are often GBK or UTF-16, not UTF-8. */
export function decodeText(content: Buffer, fileName: string): string {
  const decode = (encoding: string, fatal = false) => new TextDecoder(encoding, { fatal }).decode(content);
  let text: string;
  if (content[0] === 0xff && content[1] === 0xfe) text = decode('utf-16le');
  else if (content[0] === 0xfe && content[1] === 0xff) text = decode('utf-16be');
  else if (content.includes(0)) throw new ImportFileError('text.binary');
  else {
    try {
      text = decode('utf-8', true);
    } catch {
      text = decode('gb18030');
    }
  }
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}
