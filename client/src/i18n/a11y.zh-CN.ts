/** Accessibility on candidate pages: display settings, screen reader labels, planned extra time. */
export const a11yZhCN = {
  tableActions: '操作',
  incidentFeedRegion: '考场事件列表（可用方向键滚动）',
};
