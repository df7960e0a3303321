import type { Strings } from './zh-CN.ts';
import type { a11yZhCN } from './a11y.zh-CN.ts';

export const a11yEn: Strings<typeof a11yZhCN> = {
  tableActions: 'Actions',
  incidentFeedRegion: 'Room incidents (scroll with the arrow keys)',
};
