import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCjkFont } from '../../../server/src/core/cjk-font.ts';

describe('finding a font for PDF tickets', () => {
  it('refuses a configured file that is missing or not a font, without looking elsewhere', () => {
    expect(findCjkFont({ file: '/nonexistent/font.ttf' })).toBeNull();
    expect(findCjkFont({ file: path.resolve('package.json') })).toBeNull();
  });

  it('finds the simplified-Chinese face of a system collection (CI installs fonts-noto-cjk)', () => {
    const found = findCjkFont({});
    expect(found).not.toBeNull();
    expect(found!.face).toMatch(/(?:sc|gb|cn|hans|hei)/i);
    // Named without its face, a collection yields its simplified-Chinese face, not the first one.
    expect(findCjkFont({ file: found!.file })?.face).toBe(found!.face);
  });

  it('refuses a face the collection does not have', () => {
    const found = findCjkFont({})!;
    expect(findCjkFont({ file: found.file, face: 'NoSuchFace-Regular' })).toBeNull();
  });
});
