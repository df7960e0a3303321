import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { proctorActionSchema } from '@shared/proctor.ts';
import { AUDIT_FAMILIES, AUDIT_LANGUAGES, AUDIT_SENTENCES, auditSentence, subjectText } from '@shared/wording/audit-log.ts';

/**
 * The audit log reads as sentences: every action the server writes (found in its source, so a new
 * one is covered the day it lands) has one in each language, and none shows a code, an id or JSON.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const sources = fs
  .readdirSync(path.join(root, 'server/src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => fs.readFileSync(path.join(root, 'server/src', f), 'utf8'));

const proctorTypes = proctorActionSchema.options.map((o) => o.shape.type.value);
function writtenActions(): Set<string> {
  const out = new Set<string>();
  for (const text of sources) {
    for (const m of text.matchAll(/\baction:\s*(['`])([a-z_]+\.[a-z_]+|proctor\.\$\{[^}]+\})\1/g)) {
      if (m[2]!.startsWith('proctor.${')) for (const type of proctorTypes) out.add(`proctor.${type}`);
      else out.add(m[2]!);
    }
  }
  return out;
}

const sample = { actor: '王主任', subject: '张三（理论知识考试）', details: { reason: '设备故障', minutes: 10, score: 72, passed: true, room: 'A101', login: 'li', before: { name: 'A101', seats: 30, room: 'A101', seat: '01' }, after: { name: 'A102', seats: 30, room: 'A102', seat: '02' } } };

describe('audit log wording', () => {
  it('has a sentence in each language for every action the server writes', () => {
    const actions = writtenActions();
    expect(actions.size).toBeGreaterThan(50);
    expect(actions).toContain('proctor.extend');
    for (const language of AUDIT_LANGUAGES) expect([...actions].filter((a) => !AUDIT_SENTENCES[language][a]), language).toEqual([]);
  });

  it('names every action family in the filter, in both languages', () => {
    const families = new Set([...writtenActions()].map((a) => a.split('.')[0]!));
    for (const language of AUDIT_LANGUAGES) expect([...families].filter((f) => !AUDIT_FAMILIES[language][f]), language).toEqual([]);
  });

  it('reads zh-CN sentences with names and no codes, ids or JSON', () => {
    for (const action of writtenActions()) {
      const text = auditSentence('zh-CN', action, sample);
      expect(text, action).toMatch(/[\u4e00-\u9fff]/);
      expect(text, action).not.toMatch(/[{}]|\[object|undefined|null|[a-z]+_[a-z]+|[a-z]+\.[a-z]+/);
    }
    expect(auditSentence('zh-CN', 'proctor.extend', sample)).toBe('王主任 给 张三（理论知识考试） 延长 10 分钟，理由：设备故障');
    expect(auditSentence('en', 'proctor.extend', sample)).toBe('王主任 gave 张三（理论知识考试） 10 more minutes; reason: 设备故障');
    // Planned accommodations say where they were set: the roster's column is told apart from the office's forms.
    const planned = (source: string) => ({ ...sample, details: { source } });
    expect(auditSentence('zh-CN', 'accommodation.set', planned('roster'))).toBe('王主任 设置了 张三（理论知识考试） 的考试便利安排（计划延时等）（通过名单导入）');
    expect(auditSentence('en', 'accommodation.set', planned('seating'))).toBe('王主任 set the accommodations of 张三（理论知识考试） (planned extra time and more) from the seating list');
  });

  it('still reads as a sentence for an action it has no wording for, or with names missing', () => {
    expect(auditSentence('zh-CN', 'future.thing', { actor: null, subject: null, details: {} })).toBe('系统 对 — 进行了操作');
    expect(auditSentence('en', 'session.scored', { actor: null, subject: null, details: { score: { x: 1 } } })).toBe('— scored —');
  });

  it('names subjects per language: sessions with their part, rooms and paper items by what they are', () => {
    expect(subjectText('zh-CN', { entity: 'exam_session', name: '张三', part: 'theory' })).toBe('张三（理论知识考试）');
    expect(subjectText('en', { entity: 'exam_session', name: '张三', part: 'skills' })).toBe('张三 (skills assessment)');
    expect(subjectText('zh-CN', { entity: 'room', name: 'A101' })).toBe('考场 A101');
    expect(subjectText('zh-CN', { entity: 'paper_item', name: '', position: 7 })).toBe('第 7 题');
    expect(subjectText('zh-CN', { entity: 'sitting', name: null })).toBeNull();
  });
});
