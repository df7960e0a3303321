/** Refusals of the office's exam-day rules (release guard, marking, paper fit, application documents). */
export const rulesErrorsEn = {
  resultsRelease: {
    stillOpen: 'Results cannot be released yet: {{inProgress}} candidates are still answering and {{couldStart}} could still start. Release them once the sitting is over.',
  },
};
