import type { Role } from '@shared/domain.ts';

export function homePathFor(role: Role): string {
  switch (role) {
    case 'candidate':
      return '/exam';
    case 'admin':
      return '/admin';
    case 'grader':
      return '/grading';
    case 'proctor':
      return '/staff';
  }
}
