import { describe, expect, it } from 'vitest';
import { incidentKindSchema } from '@shared/proctor.ts';
import { durationText, localDateTime } from '@shared/wording/common.ts';
import { incidentDetail, incidentSentence, incidentTitle } from '@shared/wording/incidents.ts';
import { proctorActionDetail, proctorActionTitle } from '@shared/wording/proctor-actions.ts';

const RAW = /awayMs|reason:|transport close|UNSUPPORTED_IMAGE|sessionId|itemId|[{}"]/;

describe('incidents in words', () => {
  it('every kind has a title in both languages', () => {
    for (const kind of incidentKindSchema.options) {
      expect(incidentTitle(kind, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(incidentTitle(kind, 'en')).toMatch(/^[A-Z][a-z]/);
    }
    expect(incidentTitle('page_reload', 'zh-CN')).toBe('刷新页面');
  });

  it('words the details the console used to show raw', () => {
    expect(incidentDetail('reconnected', { awayMs: 27_118 }, 'zh-CN')).toBe('离线 27 秒后重新连接');
    expect(incidentDetail('disconnected', { reason: 'transport close', sessionId: 4 }, 'zh-CN')).toBe('原因：浏览器关闭了连接（页面被关闭或刷新）');
    expect(incidentDetail('upload_refused', { sessionId: 1, itemId: 2, code: 'UNSUPPORTED_IMAGE', reason: 'The file says it is image/png but…' }, 'zh-CN')).toBe('截图未保存：不是可识别的图片');
    expect(incidentDetail('upload_refused', { code: 'UNSUPPORTED_IMAGE', key: 'screenshotImage.undecodable' }, 'en')).toBe('Screenshot not saved: the image data is damaged and cannot be shown');
    expect(incidentDetail('page_reload', { awayMs: 2_400 }, 'zh-CN')).toBe('页面刷新，2 秒后重新连接');
    expect(incidentDetail('copy_paste', { detail: 'paste', sessionId: 3 }, 'zh-CN')).toBe('操作：粘贴文字（已阻止）');
    expect(incidentDetail('focus_lost', { sessionId: 3 }, 'zh-CN')).toBe('');
  });

  it('never shows a raw key, code or JSON, whatever the details hold', () => {
    const odd = { awayMs: 'x', reason: 'transport close', code: 'WEIRD', detail: { nested: true }, sessionId: 9, itemId: 3, extra: '{"a":1}' };
    for (const kind of incidentKindSchema.options) {
      for (const lang of ['zh-CN', 'en']) expect(incidentSentence(kind, odd, lang)).not.toMatch(RAW);
    }
  });

  it('says lengths of time and local times as people do', () => {
    expect(durationText(65_000, 'zh-CN')).toBe('1 分 5 秒');
    expect(durationText(3_725_000, 'en')).toBe('1 h 2 min');
    expect(durationText(0, 'zh-CN')).toBe('0 秒');
    // 01:00 UTC is 09:00 in Shanghai.
    expect(localDateTime(Date.UTC(2026, 5, 1, 1, 0, 5), 'Asia/Shanghai')).toBe('2026-06-01 09:00:05');
  });

  it('words proctor actions and their outcomes', () => {
    expect(proctorActionTitle('proctor.extend', 'zh-CN')).toBe('延长时间');
    expect(proctorActionDetail('proctor.extend', { minutes: 10, candidateId: 3, affected: 1 }, 'zh-CN')).toBe('延长 10 分钟');
    expect(proctorActionDetail('proctor.pause', { candidateId: null, affected: 12 }, 'zh-CN')).toBe('影响 12 人');
    expect(proctorActionDetail('proctor.settings', { settings: { admissionRequired: true, signalPolicy: 'pause', pauseAfter: 3, textPaste: 'block', parallelParts: false } }, 'zh-CN')).toBe(
      '须核验身份后开考；异常累计 3 次自动暂停；禁止粘贴文字；一次只进行一个科目',
    );
  });
});
