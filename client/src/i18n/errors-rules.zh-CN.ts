/** Refusals of the office's exam-day rules (release guard, marking, paper fit, application documents). */
export const rulesErrorsZhCN = {
  resultsRelease: {
    stillOpen: '现在还不能发布成绩：仍有 {{inProgress}} 名考生正在作答，{{couldStart}} 名考生还可能开考。请在本场考试全部结束后再发布。',
  },
  paperFit: {
    part: '该组卷方案用于{{blueprint}}，所选科目是{{part}}',
    level: '该组卷方案用于{{blueprint}}，所选场次是{{part}}',
    reviewPart: '综合评审由评审组打分，不需要组卷',
  },
  marking: {
    outOfRange: '分数超出范围：该项最高 {{max}} 分',
    negative: '分数不能为负数（0 至 {{max}} 分）',
    step: '分数须按 0.5 分递增（0 至 {{max}} 分）',
    missing: '还有 {{count}} 项评分细则没有打分',
    unknownCriterion: '评分细则与本题不符，请重新打开本卷',
    markedTwice: '同一项评分细则打了两次分',
    noMarkToReopen: '本卷没有你提交的评分可以撤回',
    taskSettled: '本题所有答卷都已评定，只有考务管理员才能撤回评分',
    notYours: '只有给出该评分的阅卷人或考务管理员才能撤回',
  },
};
