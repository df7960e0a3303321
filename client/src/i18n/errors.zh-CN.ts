import { identityErrorsZhCN } from './identity-errors.ts';
import { accommodationErrorsZhCN } from './accommodations.zh-CN.ts';
import { sebErrorsZhCN } from './seb-errors.ts';
import { lateSyncErrorsZhCN } from './latesync.ts';
import { examErrorsZhCN } from './errors-exam.zh-CN.ts';
import { bankImportErrorsZhCN } from './bank-import-errors.ts';
import { candidateErrorsZhCN } from './errors-candidate.zh-CN.ts';
import { officeErrorsZhCN } from './errors-office.zh-CN.ts';
import { rulesErrorsZhCN } from './errors-rules.zh-CN.ts';

/**
 * The server's errors by key (`error.key`), worded here with their `params`. Grouped by feature;
 * a key the table lacks falls back to the code's general text, never to the server's English.
 */
export const errorDetailZhCN = {
  ...examErrorsZhCN,
  ...candidateErrorsZhCN,
  ...officeErrorsZhCN,
  ...rulesErrorsZhCN,
  invalidInput: '填写的内容有误，请检查标出的项目',
  plan: {
    sittingBeforeDeadline: '每个场次都必须在报名截止之后开始',
    ...officeErrorsZhCN.plan,
  },
  bank: {
    invalidFile: '题库文件有误',
    typeCodes: '题型代码应写成“代码=题型”，用逗号分隔，如 0=单选,1=多选,2=判断',
    ...officeErrorsZhCN.bank,
  },
  bankImport: bankImportErrorsZhCN,
  paper: {
    blueprintUnsatisfiable: '题库中的试题不足以满足该组卷方案',
    ...officeErrorsZhCN.paper,
  },
  seb: sebErrorsZhCN,
  lateSync: lateSyncErrorsZhCN,
  identity: identityErrorsZhCN,
  accommodation: accommodationErrorsZhCN,
};

/** Field-level problems (zod issue codes) with the bounds the server sends. */
export const errorIssueZhCN = {
  zod: {
    required: '必填',
    too_small: '过短或过小（至少 {{minimum}}）',
    too_big: '过长或过大（至多 {{maximum}}）',
    invalid_type: '缺少或类型不对',
    invalid_format: '格式不正确',
    invalid_value: '不是允许的取值',
    invalid_union: '内容不符合要求',
    unrecognized_keys: '含有不认识的字段',
    custom: '内容不符合要求',
    not_multiple_of: '数值的步长不对',
  },
};
