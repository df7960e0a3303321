/** Helpers shared by the wording tables (server exports and the staff pages alike). */

export type WordingLanguage = 'zh-CN' | 'en';

/** A length of time as people say it: 27 秒, 3 分 5 秒, 1 小时 2 分 (or 27 s, 3 min 5 s, 1 h 2 min). */
export function durationText(ms: number, lang: string): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const zh = lang !== 'en';
  const parts: string[] = [];
  if (h > 0) parts.push(zh ? `${h} 小时` : `${h} h`);
  if (m > 0) parts.push(zh ? `${m} 分` : `${m} min`);
  if (h === 0 && (s > 0 || parts.length === 0)) parts.push(zh ? `${s} 秒` : `${s} s`);
  return parts.join(' ');
}

/** An instant as local date and time in the exam's time zone: 2026-06-01 09:00:05. */
export function localDateTime(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}
