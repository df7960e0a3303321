import { describe, expect, it } from 'vitest';
import { NO_ACCOMMODATIONS, parseAccommodationsCell } from '@shared/accommodations.ts';

const minutes = (value: number) => ({ unit: 'minutes' as const, value });
const percent = (value: number) => ({ unit: 'percent' as const, value });

/** The roster's 考试便利 cell, as an exam office writes it in Chinese or English. */
describe('accommodations cell', () => {
  it.each([
    ['', NO_ACCOMMODATIONS],
    ['延时30分钟; 大字号', { ...NO_ACCOMMODATIONS, extraTime: { theory: minutes(30), skills: minutes(30) }, largePrint: true }],
    ['+25%；读屏', { ...NO_ACCOMMODATIONS, extraTime: { theory: percent(25), skills: percent(25) }, screenReader: true }],
    ['理论+25%; 技能+15; 单独考场; 其他:需要轮椅通道', { ...NO_ACCOMMODATIONS, extraTime: { theory: percent(25), skills: minutes(15) }, separateRoom: true, other: '需要轮椅通道' }],
    ['技能 ＋20分、大字版', { ...NO_ACCOMMODATIONS, extraTime: { theory: null, skills: minutes(20) }, largePrint: true }],
    ['Theory +10 min; Separate room; Screen Reader; other: ramp', { ...NO_ACCOMMODATIONS, extraTime: { theory: minutes(10), skills: null }, separateRoom: true, screenReader: true, other: 'ramp' }],
    ['extra 50%', { ...NO_ACCOMMODATIONS, extraTime: { theory: percent(50), skills: percent(50) } }],
  ])('%j', (cell, expected) => {
    expect(parseAccommodationsCell(cell)).toEqual(expected);
  });

  it.each([
    ['30', 'unreadable', '30'],
    ['大字号; 坐前排', 'unreadable', '坐前排'],
    ['其他:', 'unreadable', '其他:'],
    ['延时+300分钟', 'extraTimeRange', '延时+300分钟'],
    ['理论+0', 'extraTimeRange', '理论+0'],
    ['+201%', 'extraTimeRange', '+201%'],
  ])('%j is refused (%s), naming the entry', (cell, problem, entry) => {
    expect(parseAccommodationsCell(cell)).toEqual({ problem, entry });
  });
});
