import { describe, expect, it } from 'vitest';
import { staffCreateBodySchema, staffLoginSchema, staffUpdateBodySchema } from '@shared/staff.ts';
import { lockoutProblem, type LockoutCheck } from '../../../server/src/features/staff/staff-rules.ts';

const admin = { id: 1, role: 'admin' as const, disabledAt: null };
const check = (over: Partial<LockoutCheck>): string | null => lockoutProblem({ actorUserId: 1, target: admin, change: { kind: 'disable' }, activeAdmins: 2, ...over })?.message ?? null;

describe('lockoutProblem', () => {
  it('refuses an admin disabling or demoting themselves, even with other admins about', () => {
    expect(check({})).toBe('You cannot disable your own account');
    expect(check({ change: { kind: 'role', to: 'proctor' } })).toBe('You cannot change your own role');
    expect(check({ change: { kind: 'role', to: 'admin' } })).toBeNull();
  });

  it('refuses taking away the last active admin, whoever asks', () => {
    expect(check({ actorUserId: 9, activeAdmins: 1 })).toBe('The last active admin cannot be disabled');
    expect(check({ actorUserId: 9, activeAdmins: 1, change: { kind: 'role', to: 'grader' } })).toBe('The last active admin cannot lose the admin role');
    expect(check({ actorUserId: 9, activeAdmins: 2 })).toBeNull();
  });

  it('does not count a disabled admin as the last one, and leaves other roles alone', () => {
    expect(check({ actorUserId: 9, activeAdmins: 1, target: { ...admin, disabledAt: 5 }, change: { kind: 'role', to: 'proctor' } })).toBeNull();
    const proctor = { id: 3, role: 'proctor' as const, disabledAt: null };
    expect(check({ target: proctor, activeAdmins: 1 })).toBeNull();
    expect(check({ target: proctor, activeAdmins: 1, change: { kind: 'role', to: 'admin' } })).toBeNull();
  });
});

describe('staff body schemas', () => {
  it('accepts 3-32 letters, digits, . _ - with a letter, and trims', () => {
    for (const ok of ['abc', 'li.ming', 'grader_02', 'a-b', 'x'.repeat(32), ' zhang3 ']) expect(staffLoginSchema.safeParse(ok).success, ok).toBe(true);
    expect(staffLoginSchema.parse(' zhang3 ')).toBe('zhang3');
  });

  it('refuses short, long, spaced, non-ASCII and all-digit logins', () => {
    for (const bad of ['ab', 'x'.repeat(33), 'li ming', '李明', 'a@b', '2026040101', '123', 'a/b', '']) expect(staffLoginSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('holds staff passwords to the applicant rule and roles to staff roles', () => {
    const body = { login: 'abc', displayName: 'A', role: 'proctor', password: '12345678' };
    expect(staffCreateBodySchema.safeParse(body).success).toBe(true);
    expect(staffCreateBodySchema.safeParse({ ...body, password: '1234567' }).success).toBe(false);
    expect(staffCreateBodySchema.safeParse({ ...body, role: 'candidate' }).success).toBe(false);
  });

  it('wants something to change in an edit', () => {
    expect(staffUpdateBodySchema.safeParse({}).success).toBe(false);
    expect(staffUpdateBodySchema.safeParse({ role: 'grader' }).success).toBe(true);
    expect(staffUpdateBodySchema.safeParse({ password: 'x' }).success).toBe(false);
  });
});
