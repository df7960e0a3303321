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

/**
 * The roster import's 考试便利 column: `;`-separated entries, e.g. `理论+25%; 技能+15; 单独考场; 大字号; 读屏; 其他:需要轮椅通道`.
 * `+N` is minutes, `+N%` a percentage; 延时+N applies to both parts. Returns null when an entry is not understood.
 */
export function parseAccommodationsCell(cell: string): Accommodations | null {
  const out: Accommodations = structuredClone(NO_ACCOMMODATIONS);
  for (const raw of cell.split(/[;；]/)) {
    const entry = raw.trim();
    if (entry === '') continue;
    const time = /^(理论|技能|延时|theory|skills|extra)\s*\+\s*(\d+)\s*(%|分钟|min)?$/i.exec(entry);
    if (time) {
      const extra = extraTimeSchema.safeParse({ unit: time[3] === '%' ? 'percent' : 'minutes', value: Number(time[2]) });
      if (!extra.success) return null;
      const which = time[1]!.toLowerCase();
      if (which !== '技能' && which !== 'skills') out.extraTime.theory = extra.data;
      if (which !== '理论' && which !== 'theory') out.extraTime.skills = extra.data;
    } else if (/^(单独考场|separate room)$/i.test(entry)) out.separateRoom = true;
    else if (/^(大字号|large print)$/i.test(entry)) out.largePrint = true;
    else if (/^(读屏|屏幕阅读器|screen reader)$/i.test(entry)) out.screenReader = true;
    else {
      const other = /^(其他|other)\s*[:：]\s*(.+)$/i.exec(entry);
      if (!other || other[2]!.length > 200) return null;
      out.other = other[2]!.trim();
    }
  }
  return out;
}
