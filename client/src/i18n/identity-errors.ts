import type { Strings } from './zh-CN.ts';

/** The identity check's error keys (`errors.detail.identity.*`), zh-CN first. */
export const identityErrorsZhCN = {
  checkRequired: '本场考试须先记录人证核验结果，才能允许开考',
  checkRefused: '该考生人证核验不通过，不能允许开考',
  noteRequired: '“核验通过（有备注）”须填写备注',
  noPhoto: '该考生没有照片',
  noCandidate: '该考生不存在',
  notYourRoom: '分配给您的考场中没有该考生',
  photoType: '照片须为 PNG 或 JPEG 图片',
  photoTooLarge: '照片文件过大（至多 5 MB）',
  awaitingCheck: '请等待监考员核验身份后再开始',
};

export const identityErrorsEn: Strings<typeof identityErrorsZhCN> = {
  checkRequired: 'This sitting needs the identity check recorded before admitting',
  checkRefused: 'The identity check of this candidate was refused: they cannot be admitted',
  noteRequired: '“Passed with a note” needs the note',
  noPhoto: 'No photo for this candidate',
  noCandidate: 'No such candidate',
  notYourRoom: 'No such candidate in the rooms assigned to you',
  photoType: 'A photo must be a PNG or JPEG image',
  photoTooLarge: 'The photo is too large (5 MB at most)',
  awaitingCheck: 'Wait for the proctor to check your identity before starting',
};
