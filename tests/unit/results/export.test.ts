import ExcelJS from 'exceljs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SittingResults } from '@shared/results.ts';
import { EXPORT_HEADER, toCsv, toXlsx } from '../../../server/src/features/results/export.ts';
import { makePng } from '../../../server/src/features/demo/png.ts';

const results: SittingResults = {
  sittingId: 1,
  sittingName: '二级 第1场',
  level: 2,
  occupationCode: '4-04-04-02',
  releasedAt: null,
  pendingGrading: 0,
  rows: [
    { ticketNo: 'A1', name: '张"三', idNumber: '420101199001011234', theory: { outcome: 'passed', score: 88.5, extraTime: { planned: 23, incident: 5 } }, skills: { outcome: 'passed', score: 61, extraTime: { planned: 15, incident: 0 } }, review: { outcome: 'passed', score: 72 }, result: 'certified' },
    { ticketNo: 'A2', name: '=HYPERLINK("x")', idNumber: null, theory: { outcome: 'violation', score: null }, skills: { outcome: 'absent', score: null }, review: { outcome: 'pending', score: null }, result: 'violation' },
    { ticketNo: 'A3', name: '李,四', idNumber: null, theory: { outcome: 'failed', score: 40 }, skills: { outcome: 'passed', score: 70 }, review: { outcome: 'passed', score: 65 }, result: 'not_certified' },
  ],
};

describe('registry export', () => {
  it('writes the registry columns as CSV with quoting, a BOM and formulas defused', () => {
    const csv = toCsv(results);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '姓名,证件号码,准考证号,职业编码,职业名称,等级,理论知识成绩,技能考核成绩,综合评审成绩,结果,理论计划延时(分钟),理论临时延时(分钟),技能计划延时(分钟),技能临时延时(分钟)',
      '"张""三",420101199001011234,A1,4-04-04-02,网络与信息安全管理员,二级/技师,88.5,61,72,合格,23,5,15,0',
      `"'=HYPERLINK(""x"")",,A2,4-04-04-02,网络与信息安全管理员,二级/技师,违纪,缺考,待评,违纪,0,0,0,0`,
      '"李,四",,A3,4-04-04-02,网络与信息安全管理员,二级/技师,40,70,65,不合格,0,0,0,0',
      '',
    ]);
  });

  it('writes the same rows to XLSX, ID numbers as text', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await toXlsx(results)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(1)).toEqual([...EXPORT_HEADER]);
    expect(values(2)).toEqual(['张"三', '420101199001011234', 'A1', '4-04-04-02', '网络与信息安全管理员', '二级/技师', 88.5, 61, 72, '合格', 23, 5, 15, 0]);
    expect(values(3)[0]).toBe(`'=HYPERLINK("x")`);
    expect(sheet.rowCount).toBe(4);
  });
});

describe('generated PNG evidence', () => {
  it('is a valid PNG whose pixels decode back', () => {
    const png = makePng(3, 2, (x, y) => [x * 10, y * 20, 255]);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(3);
    expect(png.readUInt32BE(20)).toBe(2);
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect([...raw]).toEqual([0, 0, 0, 255, 10, 0, 255, 20, 0, 255, 0, 0, 20, 255, 10, 20, 255, 20, 20, 255]);
    expect(png.subarray(-8, -4).toString('ascii')).toBe('IEND');
  });
});
