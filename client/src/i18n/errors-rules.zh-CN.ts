/** Refusals of the office's exam-day rules (release guard, marking, paper fit, application documents). */
export const rulesErrorsZhCN = {
  resultsRelease: {
    stillOpen: '现在还不能发布成绩：仍有 {{inProgress}} 名考生正在作答，{{couldStart}} 名考生还可能开考。请在本场考试全部结束后再发布。',
  },
};
