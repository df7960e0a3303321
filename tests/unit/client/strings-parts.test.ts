import { describe, expect, it } from 'vitest';
import { en } from '../../../client/src/i18n/en.ts';
import { CANDIDATE_EXCEPTIONS, mergeStrings, OFFICE_SECTIONS, splitStrings, type StringTable } from '../../../client/src/i18n/parts.ts';
import { zhCN } from '../../../client/src/i18n/zh-CN.ts';

const leaves = (table: StringTable, prefix = ''): string[] => Object.entries(table).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leaves(v, `${prefix}${k}.`)));
const at = (table: StringTable, path: string): unknown => path.split('.').reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as StringTable)[k] : undefined), table);

describe('the string tables cut into a candidate and an office part', () => {
  for (const [language, table] of [['zh-CN', zhCN], ['en', en]] as const) {
    it(`${language}: every string lands in exactly one part, and the parts make the table again`, () => {
      const { candidate, office } = splitStrings(table as unknown as StringTable);
      const c = leaves(candidate);
      const o = leaves(office);
      expect(c.filter((k) => o.includes(k))).toEqual([]);
      expect([...c, ...o].sort()).toEqual(leaves(table as unknown as StringTable).sort());
      expect(mergeStrings(candidate, office)).toEqual(table);
    });
  }

  it('gives the candidate pages their exceptions and keeps the staff sections out', () => {
    const { candidate, office } = splitStrings(zhCN as unknown as StringTable);
    for (const path of CANDIDATE_EXCEPTIONS) {
      expect(at(candidate, path), path).toBeDefined();
      expect(at(office, path), path).toBeUndefined();
    }
    expect(Object.keys(candidate)).not.toContain('grading');
    expect(Object.keys(candidate)).not.toContain('admin');
    expect(Object.keys(at(candidate, 'proctor') as StringTable).sort()).toEqual(['candidate', 'incident']);
    expect(at(candidate, 'exam')).toEqual(zhCN.exam);
    expect(at(office, 'grading')).toEqual(zhCN.grading);
  });

  it('names only sections the table has (a renamed section would silently move back to every page)', () => {
    // Server error groups appear with the features that raise them; the rest must exist today.
    const sections = OFFICE_SECTIONS.filter((p) => !p.startsWith('errors.'));
    expect(sections.filter((p) => at(zhCN as unknown as StringTable, p) === undefined)).toEqual([]);
  });

  it('cuts inside a section when told', () => {
    const table: StringTable = { a: { keep: 'k', drop: { x: 'x' } }, b: 'b', c: { d: 'd' } };
    expect(splitStrings(table, ['a', 'c.d'], ['a.keep'])).toEqual({ candidate: { a: { keep: 'k' }, b: 'b' }, office: { a: { drop: { x: 'x' } }, c: { d: 'd' } } });
  });
});
