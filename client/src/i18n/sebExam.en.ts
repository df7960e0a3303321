import type { Strings } from './zh-CN.ts';
import type { sebExamZhCN } from './sebExam.zh-CN.ts';

export const sebExamEn: Strings<typeof sebExamZhCN> = {
  refusedTitle: 'Take this exam in Safe Exam Browser (SEB)',
  mismatchTitle: 'Safe Exam Browser is not using this sitting’s settings',
  help: 'If in doubt, raise your hand for the proctor.',
  retry: 'Check again',
  quit: 'Quit Safe Exam Browser',
  quitHint: 'All parts are submitted: you may quit Safe Exam Browser.',
  quitRefused: 'Quit Safe Exam Browser, then open the current .seb file provided at the exam room',
};
