import { accommodationErrorsEn } from './accommodations.en.ts';
import type { Strings } from './zh-CN.ts';
import type { errorDetailZhCN, errorIssueZhCN } from './errors.zh-CN.ts';
import { sebErrorsEn } from './seb-errors.ts';
import { examErrorsEn } from './errors-exam.en.ts';

export const errorDetailEn: Strings<typeof errorDetailZhCN> = {
  ...examErrorsEn,
  invalidInput: 'Some fields are not valid; check the ones marked',
  plan: {
    sittingBeforeDeadline: 'Every sitting must start after the registration deadline',
  },
  bank: {
    invalidFile: 'The bank file is not valid',
  },
  paper: {
    blueprintUnsatisfiable: 'The bank does not have the items this blueprint needs',
  },
  seb: sebErrorsEn,
  accommodation: accommodationErrorsEn,
};

export const errorIssueEn: Strings<typeof errorIssueZhCN> = {
  zod: {
    too_small: 'too short or too small (at least {{minimum}})',
    too_big: 'too long or too large (at most {{maximum}})',
    invalid_type: 'missing or of the wrong type',
    invalid_format: 'not in the right format',
    invalid_value: 'not an allowed value',
    invalid_union: 'not as expected',
    unrecognized_keys: 'has fields that are not known',
    custom: 'not as expected',
    not_multiple_of: 'not in the allowed steps',
  },
};
