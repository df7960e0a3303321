import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sniffDocument, UnacceptableFileError } from '../../../server/src/core/uploads/index.ts';
import { JPEG_2X3, PDF_WITH_JS, PNG_1X1, pdf } from '../../helpers/documents.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaochang-sniff-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: Buffer): string {
  const p = path.join(dir, `f${n++}`);
  fs.writeFileSync(p, content);
  return p;
}

describe('sniffDocument', () => {
  it('recognises PNG, JPEG and PDF by content, with image sizes', () => {
    expect(sniffDocument(file(PNG_1X1))).toEqual({ mimeType: 'image/png', width: 1, height: 1 });
    expect(sniffDocument(file(JPEG_2X3))).toEqual({ mimeType: 'image/jpeg', width: 2, height: 3 });
    expect(sniffDocument(file(pdf()))).toEqual({ mimeType: 'application/pdf' });
  });

  it.each([
    ['empty', Buffer.alloc(0), /empty/],
    ['text named like an image', Buffer.from('hello, I am a PNG'), /Only PDF, PNG and JPEG/],
    ['HTML', Buffer.from('<html><script>alert(1)</script></html>'), /Only PDF/],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), /Only PDF/],
    // Images go through the screenshot checks (images.ts), which name what is damaged.
    ['truncated PNG', PNG_1X1.subarray(0, PNG_1X1.length - 5), /damaged/],
    ['PNG signature only', PNG_1X1.subarray(0, 12), /damaged/],
    ['PNG with a ZIP appended (polyglot)', Buffer.concat([PNG_1X1, Buffer.from('PK\x03\x04hidden', 'latin1')]), /extra data after the end/],
    ['JPEG without a frame', Buffer.from([0xff, 0xd8, 0xff, 0xd9]), /damaged/],
    ['truncated JPEG', JPEG_2X3.subarray(0, 45), /damaged/],
    ['PDF without a trailer', pdf().subarray(0, 60), /truncated/],
    ['PDF with JavaScript', PDF_WITH_JS, /active content/],
  ])('refuses %s', (_name, content, message) => {
    const p = file(content);
    expect(() => sniffDocument(p)).toThrow(UnacceptableFileError);
    expect(() => sniffDocument(p)).toThrow(message);
  });
});
