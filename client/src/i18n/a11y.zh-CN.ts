/** Accessibility on candidate pages: display settings, screen reader labels, planned extra time. */
export const a11yZhCN = {
  close: '关闭',
  page: { first: '第一页', previous: '上一页', next: '下一页', last: '最后一页', number: '第 {{page}} 页' },
  tableActions: '操作',
  incidentFeedRegion: '考场事件列表（可用方向键滚动）',
  display: {
    title: '显示设置',
    textSize: '字号',
    lineSpacing: '行距',
    spacing0: '标准',
    spacing1: '较宽',
    spacing2: '最宽',
    highContrast: '高对比度',
  },
  time: {
    standardEnd: '标准结束 {{at}}',
    planned: '计划延时 {{n}} 分钟',
    incident: '临时延时 {{n}} 分钟',
    ownEnd: '您的结束时间 {{at}}',
    instructionsTitle: '您的考试延时',
    instructionsBody: '标准时长 {{standard}} 分钟，为您计划延时 {{extra}} 分钟，您的考试时长为 {{own}} 分钟。若现在开始：标准结束 {{standardEnd}}，您的结束时间 {{ownEnd}}。',
  },
  item: '第 {{number}} 题，{{type}}，{{points}} 分',
  options: '选项',
};
