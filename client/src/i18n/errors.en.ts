import { identityErrorsEn } from './identity-errors.ts';
import { accommodationErrorsEn } from './accommodations.en.ts';
import type { Strings } from './zh-CN.ts';
import type { errorDetailZhCN, errorIssueZhCN } from './errors.zh-CN.ts';
import { sebErrorsEn } from './seb-errors.ts';
import { lateSyncErrorsEn } from './latesync.ts';
import { examErrorsEn } from './errors-exam.en.ts';
import { bankImportErrorsEn } from './bank-import-errors.ts';
import { candidateErrorsEn } from './errors-candidate.en.ts';
import { officeErrorsEn } from './errors-office.en.ts';
import { rulesErrorsEn } from './errors-rules.en.ts';

export const errorDetailEn: Strings<typeof errorDetailZhCN> = {
  ...examErrorsEn,
  ...candidateErrorsEn,
  ...officeErrorsEn,
  ...rulesErrorsEn,
  invalidInput: 'Some fields are not valid; check the ones marked',
  plan: {
    sittingBeforeDeadline: 'Every sitting must start after the registration deadline',
    ...officeErrorsEn.plan,
  },
  bank: {
    invalidFile: 'The bank file is not valid',
    typeCodes: 'Type codes are code=type pairs separated by commas, e.g. 0=单选,1=多选,2=判断',
    ...officeErrorsEn.bank,
  },
  bankImport: bankImportErrorsEn,
  paper: {
    blueprintUnsatisfiable: 'The bank does not have the items this blueprint needs',
    ...officeErrorsEn.paper,
  },
  seb: sebErrorsEn,
  lateSync: lateSyncErrorsEn,
  identity: identityErrorsEn,
  accommodation: accommodationErrorsEn,
};

export const errorIssueEn: Strings<typeof errorIssueZhCN> = {
  zod: {
    required: 'required',
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
