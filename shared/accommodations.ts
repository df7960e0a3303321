import { z } from 'zod';

/**
 * Accommodations planned for a candidate before the sitting (issue #18): extra time per part,
 * given as minutes or as a percentage of the part's duration, and the arrangements the room
 * prepares. Set by the exam office; the exam applies the extra time when the part starts.
 */
export const extraTimeSchema = z
  .strictObject({ unit: z.enum(['minutes', 'percent']), value: z.number().int().min(1) })
  .refine((e) => e.value <= (e.unit === 'minutes' ? 240 : 200), { message: 'at most 240 minutes or 200 %', path: ['value'], params: { key: 'accommodation.extraTimeTooLong' } });
export type ExtraTime = z.infer<typeof extraTimeSchema>;

export const accommodationsSchema = z.strictObject({
  extraTime: z.strictObject({ theory: extraTimeSchema.nullable(), skills: extraTimeSchema.nullable() }),
  separateRoom: z.boolean(),
  largePrint: z.boolean(),
  screenReader: z.boolean(),
  other: z.string().trim().max(200).nullable(),
});
export type Accommodations = z.infer<typeof accommodationsSchema>;

export const NO_ACCOMMODATIONS: Accommodations = { extraTime: { theory: null, skills: null }, separateRoom: false, largePrint: false, screenReader: false, other: null };

export const accommodationsViewSchema = accommodationsSchema.extend({
  ticketNo: z.string(),
  name: z.string(),
  updatedAt: z.number().nullable(),
});
export type AccommodationsView = z.infer<typeof accommodationsViewSchema>;

export const ticketParamsSchema = z.strictObject({ ticketNo: z.string().trim().regex(/^\d{6,20}$/, 'an admission ticket number is digits only') });

/** Whether anything is planned: the proctor's grid marks such candidates. */
export function hasAccommodations(a: Accommodations): boolean {
  return a.extraTime.theory !== null || a.extraTime.skills !== null || a.separateRoom || a.largePrint || a.screenReader || (a.other ?? '') !== '';
}

/** Why a cell of the roster's 考试便利 column was not taken: the entry named, so the office can fix it. */
export type AccommodationsCellProblem = { problem: 'unreadable' | 'extraTimeRange'; entry: string };

const PART_WORDS: Record<string, 'theory' | 'skills' | 'both'> = {
  理论: 'theory', 理论知识: 'theory', theory: 'theory',
  技能: 'skills', 技能考核: 'skills', skills: 'skills',
  延时: 'both', 延长: 'both', 加时: 'both', extra: 'both', extratime: 'both',
};
const FLAG_WORDS: Record<string, 'separateRoom' | 'largePrint' | 'screenReader'> = {
  单独考场: 'separateRoom', 单独考室: 'separateRoom', separateroom: 'separateRoom',
  大字号: 'largePrint', 大字版: 'largePrint', 大字: 'largePrint', largeprint: 'largePrint',
  读屏: 'screenReader', 读屏软件: 'screenReader', 屏幕阅读器: 'screenReader', screenreader: 'screenReader',
};

/**
 * The roster import's 考试便利 column (issue #18): entries separated by `;` `；` or `、`, e.g.
 * `延时30分钟; 大字版`, `+25%; 读屏`, `理论+25%; 技能+15; 单独考场; 其他:需要轮椅通道`. A number is
 * minutes unless it ends in `%`; 理论/技能 name one part, 延时 or a bare `+N` both. An empty cell plans nothing.
 */
export function parseAccommodationsCell(cell: string): Accommodations | AccommodationsCellProblem {
  const out: Accommodations = structuredClone(NO_ACCOMMODATIONS);
  for (const raw of cell.normalize('NFKC').split(/[;；、]/)) {
    const entry = raw.trim();
    if (entry === '') continue;
    const word = entry.toLowerCase().replace(/\s+/g, '');
    const time = /^([^\d+]*?)(\+?)(\d+)(%|分钟|分|min|mins|minutes)?$/.exec(word);
    const part = time ? PART_WORDS[time[1]!] : undefined;
    if (time && (part || (time[1] === '' && time[2] === '+'))) {
      const extra = extraTimeSchema.safeParse({ unit: time[4] === '%' ? 'percent' : 'minutes', value: Number(time[3]) });
      if (!extra.success) return { problem: 'extraTimeRange', entry };
      if (part !== 'skills') out.extraTime.theory = extra.data;
      if (part !== 'theory') out.extraTime.skills = extra.data;
      continue;
    }
    const flag = FLAG_WORDS[word];
    if (flag) {
      out[flag] = true;
      continue;
    }
    const other = /^(其他|other)\s*:\s*(.+)$/i.exec(entry);
    if (!other || other[2]!.trim().length > 200) return { problem: 'unreadable', entry };
    out.other = other[2]!.trim();
  }
  return out;
}

export const isCellProblem = (r: Accommodations | AccommodationsCellProblem): r is AccommodationsCellProblem => 'problem' in r;
