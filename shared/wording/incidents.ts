import type { IncidentKind } from '../proctor.ts';
import { durationText, type WordingLanguage } from './common.ts';

/**
 * Proctor incidents in words, for the proctor console and the CSV export alike: never a raw key,
 * code or number of milliseconds. Details a wording does not know are left out, not dumped.
 */

type Table = {
  kind: Record<IncidentKind, string>;
  clipboard: Record<string, string>;
  disconnectReason: Record<string, string>;
  disconnectOther: string;
  refusal: Record<string, string>;
  refusalOther: string;
  detail: {
    copyPaste: (what: string) => string;
    disconnected: (why: string) => string;
    reconnected: (away: string) => string;
    reconnectedAfter: (away: string, why: string) => string;
    pageReload: (away: string) => string;
    secondLogin: (address: string | null) => string;
    uploadRefused: (why: string) => string;
    sebRefused: (verdict: string, via: string) => string;
  };
  sebVerdict: Record<string, string>;
  sebVia: Record<string, string>;
};

/** Incident names: the proctor console, the CSV export and the candidate's warning (client i18n) all use these. */
export const INCIDENT_KINDS_ZH_CN: Record<IncidentKind, string> = {
  focus_lost: '切出考试窗口',
  page_hidden: '页面被隐藏',
  fullscreen_exit: '退出全屏',
  copy_paste: '尝试复制/粘贴',
  second_login: '重复登录',
  disconnected: '断线',
  reconnected: '重新连接',
  upload_refused: '上传被拒绝',
  page_reload: '刷新页面',
  seb_refused: '未通过安全考试浏览器（SEB）检查',
};
export const INCIDENT_KINDS_EN: Record<IncidentKind, string> = {
  focus_lost: 'Left the exam window',
  page_hidden: 'Page hidden',
  fullscreen_exit: 'Left full screen',
  copy_paste: 'Tried to copy/paste',
  second_login: 'Second login',
  disconnected: 'Disconnected',
  reconnected: 'Reconnected',
  upload_refused: 'Upload refused',
  page_reload: 'Page reloaded',
  seb_refused: 'Safe Exam Browser check failed',
};

const zhCN: Table = {
  kind: INCIDENT_KINDS_ZH_CN,
  sebVerdict: { missing: '未使用 SEB 打开', mismatch: 'SEB 配置与本场次不符' },
  sebVia: { http: '请求考试数据时', socket: '建立实时连接时', page: '打开考试页面时' },
  clipboard: { copy: '复制', cut: '剪切', paste: '粘贴文字' },
  disconnectReason: {
    'transport close': '浏览器关闭了连接（页面被关闭或刷新）',
    'transport error': '网络出错',
    'ping timeout': '网络无响应',
    'client namespace disconnect': '考试页面主动断开',
    'parse error': '收到无法识别的数据',
  },
  disconnectOther: '连接中断',
  refusal: {
    UNSUPPORTED_IMAGE: '不是可识别的图片',
    'screenshotImage.undecodable': '图片数据损坏，无法显示',
    'screenshotImage.hiddenData': '图片中夹带了其他数据',
    TOO_LARGE: '图片太大',
    LIMIT_REACHED: '本题截图数量已达上限',
    DEADLINE_PASSED: '考试时间已到',
    SESSION_ENDED: '本科目已结束',
    SESSION_NOT_STARTED: '本科目尚未开始',
    CONFLICT: '考试已暂停',
  },
  refusalOther: '截图未能保存',
  detail: {
    copyPaste: (what) => `操作：${what}（已阻止）`,
    disconnected: (why) => `原因：${why}`,
    reconnected: (away) => `离线 ${away}后重新连接`,
    reconnectedAfter: (away, why) => `${why}，${away}后恢复连接`,
    pageReload: (away) => `页面刷新，${away}后重新连接`,
    secondLogin: (address) => (address ? `在另一处登录（IP ${address}），原连接已断开` : '在另一处登录，原连接已断开'),
    uploadRefused: (why) => `截图未保存：${why}`,
    sebRefused: (verdict, via) => `${via}${verdict}；进行中的考试已暂停，请检查该电脑后恢复`,
  },
};

const en: Table = {
  kind: INCIDENT_KINDS_EN,
  sebVerdict: { missing: 'not opened in SEB', mismatch: 'SEB settings differ from the sitting' },
  sebVia: { http: 'on a request for exam data', socket: 'on connecting', page: 'on opening the exam page' },
  clipboard: { copy: 'copy', cut: 'cut', paste: 'paste text' },
  disconnectReason: {
    'transport close': 'the browser closed the connection (page closed or reloaded)',
    'transport error': 'network error',
    'ping timeout': 'the network stopped answering',
    'client namespace disconnect': 'the exam page disconnected',
    'parse error': 'unreadable data received',
  },
  disconnectOther: 'connection lost',
  refusal: {
    UNSUPPORTED_IMAGE: 'not a readable image',
    'screenshotImage.undecodable': 'the image data is damaged and cannot be shown',
    'screenshotImage.hiddenData': 'the image carries other data',
    TOO_LARGE: 'the image is too large',
    LIMIT_REACHED: 'this task has its maximum number of screenshots',
    DEADLINE_PASSED: 'time was up',
    SESSION_ENDED: 'the part had ended',
    SESSION_NOT_STARTED: 'the part had not started',
    CONFLICT: 'the exam was paused',
  },
  refusalOther: 'the screenshot was not saved',
  detail: {
    copyPaste: (what) => `Action: ${what} (blocked)`,
    disconnected: (why) => `Reason: ${why}`,
    reconnected: (away) => `Back after ${away} offline`,
    reconnectedAfter: (away, why) => `${why}; back after ${away}`,
    pageReload: (away) => `The page was reloaded; back after ${away}`,
    secondLogin: (address) => (address ? `Logged in elsewhere (IP ${address}); the earlier connection was closed` : 'Logged in elsewhere; the earlier connection was closed'),
    uploadRefused: (why) => `Screenshot not saved: ${why}`,
    sebRefused: (verdict, via) => `${verdict} ${via}; a running part is paused until a proctor has checked the computer and resumes it`,
  },
};

const TABLES: Record<WordingLanguage, Table> = { 'zh-CN': zhCN, en };
const table = (lang: string): Table => TABLES[lang === 'en' ? 'en' : 'zh-CN'];

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The incident's name, e.g. 刷新页面. */
export function incidentTitle(kind: IncidentKind, lang: string): string {
  return table(lang).kind[kind];
}

function disconnectWhy(w: Table, reason: unknown): string {
  const r = str(reason);
  return (r && w.disconnectReason[r]) ?? w.disconnectOther;
}

/** What the incident's details say, in words; '' when there is nothing to add to the title. */
export function incidentDetail(kind: IncidentKind, details: Record<string, unknown>, lang: string): string {
  const w = table(lang);
  switch (kind) {
    case 'copy_paste': {
      const what = str(details.detail);
      return what && w.clipboard[what] ? w.detail.copyPaste(w.clipboard[what]) : '';
    }
    case 'disconnected':
      return w.detail.disconnected(disconnectWhy(w, details.reason));
    case 'reconnected': {
      const away = num(details.awayMs);
      if (away === null) return '';
      return details.reason === undefined ? w.detail.reconnected(durationText(away, lang)) : w.detail.reconnectedAfter(durationText(away, lang), disconnectWhy(w, details.reason));
    }
    case 'page_reload': {
      const away = num(details.awayMs);
      return away === null ? '' : w.detail.pageReload(durationText(away, lang));
    }
    case 'second_login':
      return w.detail.secondLogin(str(details.address));
    case 'upload_refused': {
      const key = str(details.key);
      const code = str(details.code);
      return w.detail.uploadRefused((key && w.refusal[key]) ?? (code && w.refusal[code]) ?? w.refusalOther);
    }
    case 'seb_refused': {
      const verdict = w.sebVerdict[str(details.verdict) ?? ''] ?? w.sebVerdict.missing!;
      return w.detail.sebRefused(verdict, w.sebVia[str(details.via) ?? ''] ?? '');
    }
    default:
      return '';
  }
}

/** Title and detail in one line, as the CSV export and screen readers want it. */
export function incidentSentence(kind: IncidentKind, details: Record<string, unknown>, lang: string): string {
  const detail = incidentDetail(kind, details, lang);
  const sep = lang === 'en' ? ': ' : '：';
  return detail ? `${incidentTitle(kind, lang)}${sep}${detail}` : incidentTitle(kind, lang);
}
