import { describe, expect, it } from 'vitest';
import { graderAccess, mayMark, namedGradersProblem } from '../../../server/src/features/grading/rules.ts';

const grader = (userId: number) => ({ role: 'grader', userId });

describe('who may work on a skills task', () => {
  it('leaves a task with nobody named open to every grader', () => {
    expect(graderAccess(grader(7), { graderUserIds: [], arbitratorUserId: null })).toBe('mark');
  });

  it('gives a task with graders named to them alone', () => {
    const task = { graderUserIds: [3, 4], arbitratorUserId: null };
    expect(graderAccess(grader(3), task)).toBe('mark');
    expect(graderAccess(grader(4), task)).toBe('mark');
    expect(graderAccess(grader(5), task)).toBe('none');
  });

  it('lets the arbitrator arbitrate a task they are not named on, and mark it when named', () => {
    expect(graderAccess(grader(9), { graderUserIds: [3, 4], arbitratorUserId: 9 })).toBe('arbitrate');
    expect(graderAccess(grader(9), { graderUserIds: [3, 9], arbitratorUserId: 9 })).toBe('mark');
  });

  it('lets an admin do everything', () => {
    expect(graderAccess({ role: 'admin', userId: 1 }, { graderUserIds: [3], arbitratorUserId: 4 })).toBe('mark');
  });

  it('keeps an arbitrate-only grader out of first and second marks', () => {
    expect(mayMark({ nextKind: 'first', alreadyMarkedByMe: false, canArbitrate: true, arbitrateOnly: true })).toBe(false);
    expect(mayMark({ nextKind: 'second', alreadyMarkedByMe: false, canArbitrate: true, arbitrateOnly: true })).toBe(false);
    expect(mayMark({ nextKind: 'arbitration', alreadyMarkedByMe: false, canArbitrate: true, arbitrateOnly: true })).toBe(true);
  });

  it('refuses double marking with a single grader named', () => {
    expect(namedGradersProblem(true, [3])?.message).toMatch(/two graders/);
    expect(namedGradersProblem(true, [3, 4])).toBeNull();
    expect(namedGradersProblem(true, [])).toBeNull();
    expect(namedGradersProblem(false, [3])).toBeNull();
    // Two named graders make both marks: the arbitrator must be a third person.
    expect(namedGradersProblem(true, [3, 4], 4)?.message).toMatch(/arbitrator must be someone else/);
    expect(namedGradersProblem(true, [3, 4], 5)).toBeNull();
    expect(namedGradersProblem(true, [3, 4, 5], 4)).toBeNull();
    expect(namedGradersProblem(false, [3, 4], 4)).toBeNull();
  });
});
