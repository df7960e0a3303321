import type { RoomSettings } from '../proctor.ts';

/** Proctor actions (the room's action history) in words, for the CSV export: no raw keys or JSON. */

type Table = {
  action: Record<string, string>;
  wholeRoom: string;
  affected: (n: number) => string;
  minutes: (n: number) => string;
  message: (text: string) => string;
  logins: (n: number) => string;
  settings: (s: RoomSettings) => string;
};

const zhCN: Table = {
  action: {
    admit: '核验身份并允许开考',
    pause: '暂停',
    resume: '恢复',
    extend: '延长时间',
    move: '更换机位',
    force_submit: '强制交卷',
    violation: '违纪终止',
    message: '发送消息',
    mark_absent: '标记缺考',
    settings: '修改监考设置',
  },
  wholeRoom: '全场考生',
  affected: (n) => `影响 ${n} 人`,
  minutes: (n) => `延长 ${n} 分钟`,
  message: (text) => `消息：${text}`,
  logins: (n) => `已退出 ${n} 个登录`,
  settings: (s) =>
    [
      s.admissionRequired ? '须核验身份后开考' : '无须核验身份',
      { record: '异常仅记录', warn: '异常记录并提醒考生', pause: `异常累计 ${s.pauseAfter} 次自动暂停` }[s.signalPolicy],
      s.textPaste === 'allow' ? '允许粘贴文字' : '禁止粘贴文字',
      s.parallelParts ? '允许同时进行两个科目' : '一次只进行一个科目',
    ].join('；'),
};

const en: Table = {
  action: {
    admit: 'Checked identity and admitted',
    pause: 'Paused',
    resume: 'Resumed',
    extend: 'Added time',
    move: 'Moved to another computer',
    force_submit: 'Force submitted',
    violation: 'Ended for violation',
    message: 'Sent a message',
    mark_absent: 'Marked no-shows absent',
    settings: 'Changed the room settings',
  },
  wholeRoom: 'whole room',
  affected: (n) => `${n} affected`,
  minutes: (n) => `${n} minutes added`,
  message: (text) => `Message: ${text}`,
  logins: (n) => `${n} logins ended`,
  settings: (s) =>
    [
      s.admissionRequired ? 'identity check before start' : 'no identity check',
      { record: 'signals recorded only', warn: 'signals recorded and the candidate warned', pause: `automatic pause after ${s.pauseAfter} signals` }[s.signalPolicy],
      s.textPaste === 'allow' ? 'text paste allowed' : 'text paste blocked',
      s.parallelParts ? 'both parts at once allowed' : 'one part at a time',
    ].join('; '),
};

const table = (lang: string): Table => (lang === 'en' ? en : zhCN);

/** The action's name from its audit action (`proctor.pause` → 暂停). */
export function proctorActionTitle(action: string, lang: string): string {
  const key = action.replace(/^proctor\./, '');
  return table(lang).action[key] ?? table(lang).action.settings!;
}

export const wholeRoomText = (lang: string) => table(lang).wholeRoom;

/** The action's outcome in words, from its audit details. */
export function proctorActionDetail(action: string, d: Record<string, unknown>, lang: string): string {
  const w = table(lang);
  const parts: string[] = [];
  const key = action.replace(/^proctor\./, '');
  if (key === 'extend' && typeof d.minutes === 'number') parts.push(w.minutes(d.minutes));
  if (key === 'message' && typeof d.text === 'string') parts.push(w.message(d.text));
  if (key === 'move' && typeof d.logins === 'number') parts.push(w.logins(d.logins));
  if (key === 'settings' && d.settings && typeof d.settings === 'object') parts.push(w.settings(d.settings as RoomSettings));
  if (key !== 'settings' && typeof d.affected === 'number' && d.candidateId == null) parts.push(w.affected(d.affected));
  return parts.join(lang === 'en' ? '; ' : '；');
}
