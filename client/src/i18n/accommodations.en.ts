import type { Strings } from './zh-CN.ts';
import type { accommodationErrorsZhCN, accommodationsZhCN } from './accommodations.zh-CN.ts';

export const accommodationsEn: Strings<typeof accommodationsZhCN> = {
  title: 'Accommodations (planned ahead)',
  help: 'Extra time joins the deadline when the candidate starts the part; a proctor\'s extra time during the part is recorded apart.',
  theory: 'Extra time, theory',
  skills: 'Extra time, skills',
  unit: 'Extra time unit',
  minutes: 'minutes',
  separateRoom: 'Separate room',
  largePrint: 'Large print',
  screenReader: 'Screen reader',
  other: 'Other',
  save: 'Save accommodations',
  saved: 'Saved',
  open: 'Accommodations',
  badge: 'Accommodations',
  gridPlanned: 'Planned extra time {{n}} min',
  gridIncident: 'Extra time given {{n}} min',
  needsApproval: 'Accommodations can be set once the application is approved and the ticket issued.',
};
export const accommodationErrorsEn: Strings<typeof accommodationErrorsZhCN> = {
  noCandidate: 'No candidate has this admission ticket',
  extraTimeTooLong: 'Extra time is at most 240 minutes or 200 %',
};
