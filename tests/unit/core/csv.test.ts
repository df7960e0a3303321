import { describe, expect, it } from 'vitest';
import { csvDocument, csvField, csvLine } from '../../../server/src/core/csv.ts';

describe('csv', () => {
  it.each([
    [null, ''],
    [42, '42'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2', "'-2"],
    [-2, '-2'],
    [{ k: '=x' }, '"{""k"":""=x""}"'],
    ['@cmd', "'@cmd"],
    ['=a,"b"', `"'=a,""b"""`],
  ])('%j -> %s', (value, out) => {
    expect(csvField(value)).toBe(out);
  });
  it('ends lines with CRLF', () => {
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
  it('starts a document with a BOM', () => {
    expect(csvDocument([['姓名'], ['张伟']])).toBe('\uFEFF姓名\r\n张伟\r\n');
  });
});
