/** Accommodations planned by the exam office (office pages: listed in parts.ts). */
export const accommodationsZhCN = {
  title: '考试便利（提前计划）',
  help: '延时在考生开始该科目时计入截止时间；监考员临时给予的延时另行记录。',
  theory: '理论知识考试延时',
  skills: '技能考核延时',
  unit: '延时单位',
  minutes: '分钟',
  separateRoom: '单独考场',
  largePrint: '大字号',
  screenReader: '屏幕阅读器',
  other: '其他',
  save: '保存考试便利',
  saved: '已保存',
  open: '考试便利',
  badge: '便利',
  gridPlanned: '计划延时 {{n}} 分钟',
  gridIncident: '临时延时 {{n}} 分钟',
  needsApproval: '审核通过并发放准考证后可设置考试便利。',
};
export const accommodationErrorsZhCN = {
  noCandidate: '没有该准考证号的考生',
  extraTimeTooLong: '延时至多 240 分钟或 200%',
};
