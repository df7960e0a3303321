import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../server/src/core/uploads/document-check.ts';
import { PDF_WITH_JS, PNG_1X1, pdf } from '../../helpers/documents.ts';
import { pngClaiming } from '../../helpers/images.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kc-doccheck-'));
const file = (name: string, data: Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};

// Each check starts a worker thread (under tsx it loads the TypeScript sources first).
describe('registration documents are checked in a bounded worker', { timeout: 120_000 }, () => {
  it('accepts a PDF and a PNG by their content', async () => {
    expect(await checkDocument(file('d.pdf', pdf()))).toEqual({ mimeType: 'application/pdf' });
    expect(await checkDocument(file('p.png', PNG_1X1))).toMatchObject({ mimeType: 'image/png', width: 1, height: 1 });
  });

  it('refuses what the check refuses, with its reason and key', async () => {
    await expect(checkDocument(file('js.pdf', PDF_WITH_JS))).rejects.toMatchObject({ name: 'Error', message: expect.stringMatching(/active content/) });
    await expect(checkDocument(file('big.png', pngClaiming(20_000, 20_000)))).rejects.toThrow(/./);
  });

  it('refuses a file whose check runs past the time limit, as too heavy', async () => {
    await expect(checkDocument(file('slow.pdf', pdf()), { timeoutMs: 1, maxHeapMb: 64 })).rejects.toMatchObject({ key: 'document.tooHeavy' });
  });
});
