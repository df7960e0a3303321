import type { Role } from '@shared/domain.ts';

export function homePathFor(role: Role): string {
  switch (role) {
    case 'candidate':
      return '/exam';
    case 'applicant':
      return '/apply';
    case 'admin':
      return '/admin';
    case 'proctor':
      return '/proctor';
    case 'grader':
      return '/grading';
  }
}
