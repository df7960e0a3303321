import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, idNumberProblem } from '@shared/id-number.ts';
import { applicationFormSchema } from '@shared/registration.ts';

describe('GB 11643 resident ID number', () => {
  it.each([
    ['11010519491231002X', null],
    ['11010519491231002x', null],
    ['440524198801010011', null],
    ['420106200309151236', null],
    ['110105194912310021', 'check-digit'],
    ['440524198801010012', 'check-digit'],
    ['11010519491331002X', 'birth-date'],
    ['11010519490230002X', 'birth-date'],
    ['11010518991231002X', 'birth-date'],
    ['1101051949123100', 'format'],
    ['01010519491231002X', 'format'],
    ['11010519491231002Y', 'format'],
    ['11010519491231002XX', 'format'],
  ])('%s -> %s', (id, problem) => {
    expect(idNumberProblem(id)).toBe(problem);
  });

  it('computes the MOD 11-2 check character, X for 10', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052419880101001')).toBe('1');
  });

  it('the application form refuses a bad check digit and normalises a lower-case x', () => {
    const form = {
      name: '张三',
      idNumber: '11010519491231002x',
      phone: '13800000000',
      education: { level: 'bachelor', major: '软件工程', school: 'X 大学', graduationDate: '2010-06-30', graduatingThisYear: false },
      certificates: [],
      yearsOfWork: 0,
      professionalTechnical: false,
    };
    expect(applicationFormSchema.parse(form).idNumber).toBe('11010519491231002X');
    expect(applicationFormSchema.safeParse({ ...form, idNumber: '110105194912310021' }).success).toBe(false);
  });
});
