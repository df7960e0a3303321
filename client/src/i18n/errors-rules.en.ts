/** Refusals of the office's exam-day rules (release guard, marking, paper fit, application documents). */
export const rulesErrorsEn = {
  resultsRelease: {
    stillOpen: 'Results cannot be released yet: {{inProgress}} candidates are still answering and {{couldStart}} could still start. Release them once the sitting is over.',
  },
  paperFit: {
    part: 'This blueprint is for the {{blueprint}} part; the chosen part is {{part}}',
    level: 'This blueprint is for {{blueprint}}; the chosen sitting is {{part}}',
    reviewPart: 'The review is scored by a panel and has no paper',
  },
  marking: {
    outOfRange: 'Score out of range: this criterion has at most {{max}} points',
    negative: 'A score cannot be negative (0 to {{max}} points)',
    step: 'Scores go in steps of 0.5 (0 to {{max}} points)',
    missing: '{{count}} criteria have no score yet',
    unknownCriterion: 'The rubric does not match this task; open the script again',
    markedTwice: 'One criterion was scored twice',
    noMarkToReopen: 'You have no mark on this script to withdraw',
    taskSettled: 'Every script of this task is settled: only an administrator can withdraw a mark now',
    notYours: 'Only the grader who gave the mark, or an administrator, can withdraw it',
  },
};
