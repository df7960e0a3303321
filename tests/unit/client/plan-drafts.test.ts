import { describe, expect, it } from 'vitest';
import { emptyPlan, epochOf, planBody } from '../../../client/src/admin/plans/drafts.ts';

describe('new plan form drafts', () => {
  it('turns the inputs into the API body, leaving blank room rows out', () => {
    const draft = emptyPlan();
    draft.title = '  2027年第一期 ';
    draft.examDate = '2027-03-01';
    draft.registrationDeadline = '2027-02-01T17:00';
    draft.sittings[0] = { level: 3, name: ' 三级 第1场 ', startsAt: '2027-03-01T09:00', rooms: [{ name: ' A101 ', seats: 40 }, { name: '  ', seats: 30 }] };
    expect(planBody(draft)).toEqual({
      title: '2027年第一期',
      examDate: '2027-03-01',
      registrationDeadline: new Date('2027-02-01T17:00').getTime(),
      sittings: [{ level: 3, name: '三级 第1场', startsAt: new Date('2027-03-01T09:00').getTime(), rooms: [{ name: 'A101', seats: 40 }] }],
    });
  });

  it('sends 0 for a time left empty, so the server names the field', () => {
    expect(epochOf('')).toBe(0);
    expect(epochOf('not a date')).toBe(0);
  });
});
