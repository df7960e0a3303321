import { describe, expect, it } from 'vitest';
import { NO_ACCOMMODATIONS } from '@shared/accommodations.ts';
import { parseLevel, parseRosterRows, type TableRow } from '../../../server/src/features/planning/roster-rows.ts';

const table = (...rows: string[][]): TableRow[] => rows.map((cells, i) => ({ number: i + 1, cells }));

describe('roster rows', () => {
  it.each([
    ['3', 3],
    ['三级', 3],
    ['三级/高级工', 3],
    ['高级工', 3],
    ['Level 2', 2],
    ['一级/高级技师', 1],
    ['技师', 2],
    ['5', null],
    ['', null],
    ['高级', null],
  ])('level %j -> %s', (raw, level) => {
    expect(parseLevel(raw)).toBe(level);
  });

  it('finds the header under a title row, in Chinese or English, and reports every bad row', () => {
    const result = parseRosterRows(
      table(
        ['2027年第一期 报名名单'],
        ['序号', '姓名', '身份证号码', '报考等级', '联系电话'],
        ['1', '张三', '11010519491231002X', '三级', '13800000000'],
        ['2', '', '11010519491231002X', '3', ''],
        ['3', '李四', '110105194912310021', '三级', ''],
        ['4', '王五', '440524198801010011', '五级', ''],
        ['', '', '', '', ''],
        ['5', '赵六', '11010519491231002x', '四级', ''],
      ),
    );
    expect('rows' in result).toBe(true);
    if (!('rows' in result)) return;
    expect(result.rows.map((r) => [r.row, r.entry?.level ?? null, r.errors.map((e) => e.message)])).toEqual([
      [3, 3, []],
      [4, null, ['name: missing', 'id number: same as row 3']],
      [5, null, ['id number: invalid (check-digit)']],
      [6, null, ['level: "五级" is not 1 to 4']],
      [8, null, ['id number: same as row 3']],
    ]);
    expect(result.rows[1]!.errors).toEqual([
      { key: 'plan.rosterRow.nameMissing', message: 'name: missing' },
      { key: 'plan.rosterRow.idSameAs', params: { row: 3 }, message: 'id number: same as row 3' },
    ]);
    expect(result.rows[3]!.errors[0]).toMatchObject({ key: 'plan.rosterRow.levelUnknown', params: { level: '五级' } });
    expect(result.rows[0]!.entry).toEqual({ name: '张三', idNumber: '11010519491231002X', level: 3, contact: '13800000000', accommodations: NO_ACCOMMODATIONS });
    const english = parseRosterRows(table(['name', 'id number', 'level'], ['A', '440524198801010011', '4']));
    expect('rows' in english && english.rows[0]?.entry?.level).toBe(4);
  });

  it('reads the 考试便利 column into planned accommodations, and a cell it does not understand is the row’s error', () => {
    const result = parseRosterRows(
      table(
        ['姓名', '身份证号', '等级', '考试便利'],
        ['张三', '11010519491231002X', '3', '延时30分钟；大字号'],
        ['李四', '440524198801010011', '3', '+25%; 读屏'],
        ['王五', '420106200309151236', '3', '延时半小时'],
        ['赵六', '110105194912310038', '3', ''],
      ),
    );
    if (!('rows' in result)) throw new Error('header not found');
    expect(result.rows.map((r) => r.entry?.accommodations ?? null)).toEqual([
      { ...NO_ACCOMMODATIONS, extraTime: { theory: { unit: 'minutes', value: 30 }, skills: { unit: 'minutes', value: 30 } }, largePrint: true },
      { ...NO_ACCOMMODATIONS, extraTime: { theory: { unit: 'percent', value: 25 }, skills: { unit: 'percent', value: 25 } }, screenReader: true },
      null,
      NO_ACCOMMODATIONS,
    ]);
    expect(result.rows[2]!.errors).toEqual([{ key: 'plan.rosterRow.accommodationsUnreadable', params: { entry: '延时半小时' }, message: 'accommodations: "延时半小时" is not understood' }]);
    expect(result.rows[1]!.raw.accommodations).toBe('+25%; 读屏');
    const english = parseRosterRows(table(['name', 'id number', 'level', 'Accommodations'], ['A', '440524198801010011', '4', 'theory +300%']));
    expect('rows' in english && english.rows[0]!.errors.map((e) => e.key)).toEqual(['plan.rosterRow.extraTimeRange']);
  });

  it('says when no header names name, ID number and level', () => {
    expect(parseRosterRows(table(['姓名', '电话'], ['张三', '1']))).toEqual({ headerMissing: true });
  });
});
