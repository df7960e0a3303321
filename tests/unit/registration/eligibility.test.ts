import { describe, expect, it } from 'vitest';
import type { Level } from '@shared/domain.ts';
import type { ApplicationForm, Certificate, Education } from '@shared/registration.ts';
import { calendarDate, evaluateEligibility as evaluate, fullYearsBetween } from '../../../server/src/features/registration/eligibility.ts';
import { isRelatedMajor, normaliseMajor } from '../../../server/src/features/registration/related-majors.ts';

const evaluateWithZone = (f: ApplicationForm, level: Level, at: number, opts: Omit<Parameters<typeof evaluate>[3], 'timeZone'> = {}) => evaluate(f, level, at, { timeZone: 'Asia/Shanghai', ...opts });

// 2025-10-20 12:00 Beijing time: inside the notice's registration window.
const AT = Date.UTC(2025, 9, 20, 4, 0, 0);

const cert = (level: Level, date: string, extra: Partial<Certificate> = {}): Certificate => ({ kind: 'skill', occupation: '网络与信息安全管理员', level, date, sameOrRelatedOccupation: true, ...extra });
const prep = (date: string): Certificate => ({ kind: 'preparatory-technician', occupation: '网络与信息安全管理员', level: 2, date, sameOrRelatedOccupation: true });
const edu = (level: Education['level'], major = '计算机网络技术', extra: Partial<Education> = {}): Education => ({ level, major, school: '某学校', graduationDate: '2015-06-30', graduatingThisYear: false, ...extra });
const graduating = (level: Education['level'], major = '计算机网络技术'): Education => edu(level, major, { graduationDate: null, graduatingThisYear: true });

function form(p: { education?: Education; certificates?: Certificate[]; yearsOfWork?: number; professionalTechnical?: boolean }): ApplicationForm {
  return {
    name: '张三',
    idNumber: '11010519491231002X',
    phone: '13800000000',
    education: p.education ?? edu('secondary', '机械'),
    certificates: p.certificates ?? [],
    yearsOfWork: p.yearsOfWork ?? 0,
    professionalTechnical: p.professionalTechnical ?? false,
  };
}

type Row = [name: string, level: Level, f: ApplicationForm, outcome: 'eligible' | 'ineligible' | 'manual_review', met: string | null];

const rows: Row[] = [
  // Level 4: no conditions.
  ['level 4 is open to anyone', 4, form({}), 'eligible', null],
  // Level 3 condition (1): level-4 certificate, then 4 years.
  ['L3(1) met: 4 years after the certificate', 3, form({ certificates: [cert(4, '2021-10-20')], yearsOfWork: 4 }), 'eligible', 'L3-1'],
  ['L3(1) boundary: one day short of 4 years since the certificate', 3, form({ certificates: [cert(4, '2021-10-21')], yearsOfWork: 10 }), 'ineligible', null],
  ['L3(1) missed: only 3 years of work declared', 3, form({ certificates: [cert(4, '2015-01-01')], yearsOfWork: 3.9 }), 'ineligible', null],
  ['L3(1) missed: no certificate', 3, form({ yearsOfWork: 10 }), 'ineligible', null],
  ['L3(1) missed: certificate of an unrelated occupation', 3, form({ certificates: [cert(4, '2015-01-01', { sameOrRelatedOccupation: false })], yearsOfWork: 10 }), 'ineligible', null],
  ['L3(1) missed: certificate dated in the future', 3, form({ certificates: [cert(4, '2026-01-01')], yearsOfWork: 10 }), 'ineligible', null],
  ['L3(1) a higher certificate counts as level 4', 3, form({ certificates: [cert(3, '2015-01-01')], yearsOfWork: 5 }), 'eligible', 'L3-1'],
  // Level 3 condition (2).
  ['L3(2) technician college graduate with a level-4 certificate', 3, form({ education: edu('technician-college', '机电'), certificates: [cert(4, '2025-01-01')] }), 'eligible', 'L3-2a'],
  ['L3(2) graduating senior technical school student counts', 3, form({ education: graduating('senior-technical-school', '电工'), certificates: [cert(4, '2025-06-01')] }), 'eligible', 'L3-2a'],
  ['L3(2) higher-vocational related major, graduating', 3, form({ education: graduating('higher-vocational', '云计算技术应用'), certificates: [cert(4, '2025-06-01')] }), 'eligible', 'L3-2b'],
  ['L3(2) vocational bachelor related major, graduated', 3, form({ education: edu('vocational-bachelor', '软件工程'), certificates: [cert(4, '2025-06-01')] }), 'eligible', 'L3-2b'],
  ['L3(2) missed: higher-vocational unrelated major', 3, form({ education: graduating('higher-vocational', '会计'), certificates: [cert(4, '2025-06-01')] }), 'ineligible', null],
  ['L3(2) missed: technician college without a certificate', 3, form({ education: edu('technician-college') }), 'ineligible', null],
  // Level 3 condition (3).
  ['L3(3) met: bachelor in a related major, 2 years after the certificate', 3, form({ education: edu('bachelor', '网络工程'), certificates: [cert(4, '2023-10-20')], yearsOfWork: 2 }), 'eligible', 'L3-3'],
  ['L3(3) boundary: 1 year 364 days after the certificate', 3, form({ education: edu('bachelor', '网络工程'), certificates: [cert(4, '2023-10-21')], yearsOfWork: 5 }), 'ineligible', null],
  ['L3(3) missed: unrelated major', 3, form({ education: edu('bachelor', '汉语言文学'), certificates: [cert(4, '2020-01-01')], yearsOfWork: 3 }), 'ineligible', null],
  ['L3(3) missed: graduating students do not count', 3, form({ education: graduating('bachelor', '网络工程'), certificates: [cert(4, '2020-01-01')], yearsOfWork: 3 }), 'ineligible', null],
  ['L3(3) missed: graduation date after today', 3, form({ education: edu('bachelor', '网络工程', { graduationDate: '2026-06-30' }), certificates: [cert(4, '2020-01-01')], yearsOfWork: 3 }), 'ineligible', null],
  ['L3(3) missed: secondary school is below 大专', 3, form({ education: edu('secondary', '网络工程'), certificates: [cert(4, '2022-01-01')], yearsOfWork: 3 }), 'ineligible', null],
  // Level 2.
  ['L2(1) met: level-3 certificate then 4 years', 2, form({ certificates: [cert(3, '2020-05-01')], yearsOfWork: 4 }), 'eligible', 'L2-1'],
  ['L2(1) missed: a level-4 certificate is not enough', 2, form({ certificates: [cert(4, '2010-05-01')], yearsOfWork: 15 }), 'ineligible', null],
  ['L2(2) met: technical school graduate, level 3, 3 years', 2, form({ education: edu('senior-technical-school', '电工'), certificates: [cert(3, '2022-10-20')], yearsOfWork: 3 }), 'eligible', 'L2-2a'],
  ['L2(2) boundary: technical school graduate, level 3, 2 years', 2, form({ education: edu('senior-technical-school', '电工'), certificates: [cert(3, '2022-10-21')], yearsOfWork: 3 }), 'ineligible', null],
  ['L2(2) met: preparatory technician, technician college, 2 years', 2, form({ education: edu('technician-college', '电工'), certificates: [prep('2023-07-01')], yearsOfWork: 2 }), 'eligible', 'L2-2b'],
  ['L2(2) missed: preparatory technician from a technical school', 2, form({ education: edu('senior-technical-school', '电工'), certificates: [prep('2020-07-01')], yearsOfWork: 5 }), 'ineligible', null],
  ['L2(2) missed: graduating students do not count', 2, form({ education: graduating('technician-college', '电工'), certificates: [prep('2020-07-01')], yearsOfWork: 5 }), 'ineligible', null],
  // Level 1.
  ['L1 met: level-2 certificate then 4 years', 1, form({ certificates: [cert(2, '2021-01-01')], yearsOfWork: 4 }), 'eligible', 'L1-1'],
  ['L1 missed: level-2 certificate, 3 years', 1, form({ certificates: [cert(2, '2021-01-01')], yearsOfWork: 3 }), 'ineligible', null],
  ['L1 missed: level-3 certificate only', 1, form({ certificates: [cert(3, '2001-01-01')], yearsOfWork: 20 }), 'ineligible', null],
  // Professional-technical staff: a person decides when no condition is met.
  ['professional-technical, no condition met -> manual review', 2, form({ professionalTechnical: true, yearsOfWork: 10 }), 'manual_review', null],
  ['professional-technical who meets a condition is simply eligible', 1, form({ professionalTechnical: true, certificates: [cert(2, '2015-01-01')], yearsOfWork: 8 }), 'eligible', 'L1-1'],
];

describe('eligibility rule table', () => {
  it.each(rows)('%s', (_name, level, f, outcome, met) => {
    const verdict = evaluateWithZone(f, level, AT);
    expect(verdict.outcome).toBe(outcome);
    expect(verdict.met?.ruleId ?? null).toBe(met);
    expect(verdict.level).toBe(level);
  });

  it('names the condition met in the notice words', () => {
    const v = evaluateWithZone(form({ education: edu('junior-college', '计算机应用技术'), certificates: [cert(4, '2022-01-01')], yearsOfWork: 3 }), 3, AT);
    expect(v.met?.labelZh).toBe('三级 条件(三): 大专及以上相关专业 + 四级证书后工作满2年');
  });

  it('says what is missing for every condition when none is met', () => {
    const v = evaluateWithZone(form({ education: edu('bachelor', '会计'), certificates: [cert(4, '2024-01-01')], yearsOfWork: 1 }), 3, AT);
    expect(v.outcome).toBe('ineligible');
    expect(v.conditions.map((c) => c.ruleId)).toEqual(['L3-1', 'L3-2a', 'L3-2b', 'L3-3']);
    const missing = Object.fromEntries(v.conditions.map((c) => [c.ruleId, c.requirements.filter((r) => !r.met).map((r) => r.code)]));
    expect(missing).toEqual({ 'L3-1': ['work-after-certificate'], 'L3-2a': ['education.level'], 'L3-2b': ['education.level'], 'L3-3': ['education.major', 'work-after-certificate'] });
    const work = v.conditions[0]!.requirements.find((r) => r.code === 'work-after-certificate')!;
    expect(work.params).toEqual({ years: 4, counted: 1 });
  });

  it('uses the earliest qualifying certificate for the years after it', () => {
    const v = evaluateWithZone(form({ certificates: [cert(4, '2024-01-01'), cert(4, '2019-01-01')], yearsOfWork: 6 }), 3, AT);
    expect(v.met?.ruleId).toBe('L3-1');
  });

  it('takes rules and the major list as data', () => {
    const v = evaluateWithZone(form({ certificates: [cert(4, '2024-01-01')] }), 3, AT, {
      rules: [{ id: 'X', level: 3, clauseZh: 'x', clauseEn: 'x', summaryZh: 'x', summaryEn: 'x', requirements: [{ kind: 'certificate', level: 4 }] }],
    });
    expect(v.met?.ruleId).toBe('X');
  });
});

describe('dates and majors', () => {
  it('counts full years, the anniversary included', () => {
    expect(fullYearsBetween('2021-10-20', '2025-10-20')).toBe(4);
    expect(fullYearsBetween('2021-10-21', '2025-10-20')).toBe(3);
    expect(fullYearsBetween('2020-02-29', '2024-02-28')).toBe(3);
    expect(fullYearsBetween('2026-01-01', '2025-10-20')).toBe(0);
  });
  it('dates in the configured exam time zone', () => {
    expect(calendarDate(Date.UTC(2025, 9, 21, 15, 59), 'Asia/Shanghai')).toBe('2025-10-21');
    expect(calendarDate(Date.UTC(2025, 9, 21, 16, 0), 'Asia/Shanghai')).toBe('2025-10-22');
    expect(calendarDate(Date.UTC(2025, 9, 21, 16, 0), 'Asia/Urumqi')).toBe('2025-10-21');
    expect(calendarDate(Date.UTC(2025, 9, 21, 16, 0), 'UTC')).toBe('2025-10-21');
  });
  it('judges "today" in that zone: a certificate dated tomorrow there does not count yet', () => {
    // 2025-10-21 17:00 UTC: already the 22nd in Shanghai (UTC+8), still the 21st in Urumqi (UTC+6).
    const at = Date.UTC(2025, 9, 21, 17, 0);
    const f = form({ education: edu('junior-college', '计算机应用技术'), certificates: [cert(4, '2025-10-22')], yearsOfWork: 3 });
    expect(evaluate(f, 3, at, { timeZone: 'Asia/Urumqi' }).conditions.some((c) => c.requirements.some((r) => r.code === 'certificate' && r.met))).toBe(false);
    expect(evaluate(f, 3, at, { timeZone: 'Asia/Shanghai' }).conditions.some((c) => c.requirements.some((r) => r.code === 'certificate' && r.met))).toBe(true);
  });
  it('matches related majors regardless of spacing, width and a trailing 专业', () => {
    expect(isRelatedMajor('计算机网络技术')).toBe(true);
    expect(isRelatedMajor(' 软件工程专业 ')).toBe(true);
    expect(isRelatedMajor('软件工程（嵌入式方向）')).toBe(true);
    expect(isRelatedMajor('会计')).toBe(false);
    expect(normaliseMajor('云计算　技术应用')).toBe('云计算技术应用');
  });
});
