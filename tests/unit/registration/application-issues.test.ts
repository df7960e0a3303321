import { describe, expect, it } from 'vitest';
import { zodIssuesOf } from '@shared/errors.ts';
import { applicationBodySchema } from '@shared/registration.ts';
import { errorDetailZhCN, errorIssueZhCN } from '../../../client/src/i18n/errors.zh-CN.ts';
import { stringKeys, type Table } from '../core/error-key-scan.ts';

/**
 * The application form checks itself with the server's schema and shows the problems at their
 * fields in the server's shape (client/src/registration/NewApplicationPage.tsx): the same paths
 * and keys a 400 would carry, each worded in zh-CN.
 */
describe('application form issues', () => {
  const empty = {
    planId: 1,
    level: 3,
    form: {
      name: '',
      idNumber: '110105194912310021',
      phone: 'abc',
      education: { level: 'junior-college', major: ' ', school: '', graduationDate: null, graduatingThisYear: false },
      certificates: [{ kind: 'skill', occupation: '网络与信息安全管理员', level: 4, date: '', sameOrRelatedOccupation: true }],
      yearsOfWork: 0,
      professionalTechnical: false,
    },
  };

  it('names each wrong field by its request path with a key the zh-CN tables word', () => {
    const parsed = applicationBodySchema.safeParse(empty);
    expect(parsed.success).toBe(false);
    const issues = zodIssuesOf(parsed.error!);
    expect(Object.fromEntries(issues.map((i) => [i.path, i.key]))).toEqual({
      'form.name': 'zod.required',
      'form.idNumber': 'registration.idNumber',
      'form.phone': 'zod.invalid_format',
      'form.education.major': 'zod.required',
      'form.education.school': 'zod.required',
      'form.certificates.0.date': 'zod.invalid_format',
    });
    const worded = new Set([...stringKeys(errorIssueZhCN as unknown as Table), ...stringKeys(errorDetailZhCN as unknown as Table)]);
    expect(issues.filter((i) => !worded.has(i.key!))).toEqual([]);
  });
});
