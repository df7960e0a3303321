/** Safe Exam Browser on the candidate's pages (#17): the refusal and the quit link after submission. */
export const sebExamZhCN = {
  refusedTitle: '请在安全考试浏览器（SEB）中参加考试',
  mismatchTitle: '安全考试浏览器的设置与本场考试不符',
  help: '如有疑问，请举手联系监考员。',
  retry: '重新检查',
  quit: '退出安全考试浏览器',
  quitHint: '所有科目均已交卷，可以退出安全考试浏览器。',
  quitRefused: '退出安全考试浏览器，再打开考场提供的最新 .seb 配置文件',
};
