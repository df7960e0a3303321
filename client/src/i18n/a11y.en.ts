import type { Strings } from './zh-CN.ts';
import type { a11yZhCN } from './a11y.zh-CN.ts';

export const a11yEn: Strings<typeof a11yZhCN> = {
  close: 'Close',
  page: { first: 'First page', previous: 'Previous page', next: 'Next page', last: 'Last page', number: 'Page {{page}}' },
  tableActions: 'Actions',
  incidentFeedRegion: 'Room incidents (scroll with the arrow keys)',
  display: {
    title: 'Display',
    textSize: 'Text size',
    lineSpacing: 'Line spacing',
    spacing0: 'Standard',
    spacing1: 'Wider',
    spacing2: 'Widest',
    highContrast: 'High contrast',
  },
  time: {
    standardEnd: 'Standard end {{at}}',
    planned: 'Planned extra time {{n}} min',
    incident: 'Extra time given {{n}} min',
    ownEnd: 'Your end {{at}}',
    instructionsTitle: 'Your extra time',
    instructionsBody: 'Standard duration {{standard}} minutes, extra time planned for you {{extra}} minutes: your part lasts {{own}} minutes. If you start now: standard end {{standardEnd}}, your end {{ownEnd}}.',
  },
  item: 'Item {{number}}, {{type}}, {{points}} points',
  options: 'Options',
};
