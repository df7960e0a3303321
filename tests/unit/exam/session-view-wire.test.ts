import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createOptionIds } from '../../../server/src/features/exam/option-ids.ts';
import { paperContentBuilds, paperContentOf } from '../../../server/src/features/exam/paper-content.ts';
import type { LoadedPaper, PaperItem } from '../../../server/src/features/exam/paper-cache.ts';
import { buildCompactSessionView, buildSessionView } from '../../../server/src/features/exam/session-view.ts';
import { decodePaperContent, decodeSessionView, lazyItemsOf, sameBytesByWords, type CompactSessionView } from '../../../shared/session-view-wire.ts';

const secret = randomBytes(32);
const LETTERS = ['a', 'b', 'c', 'd', 'e'];
const KEY_MARK = 'KEY-ONLY';
const REFERENCE = 'REFERENCE-ANSWER-TEXT';

function paperItem(i: number): PaperItem {
  const type = (['single', 'multi', 'truefalse', 'short-answer', 'practical'] as const)[i % 5]!;
  const base = { id: 100 + i, paperId: 5, position: i + 1, bankItemId: `bank-${i}`, type, stem: `题干 ${i} "quoted" \\ ${i}`, points: 1 + (i % 3), key: [`${KEY_MARK}-${i}`], detail: null };
  if (type === 'truefalse') return { ...base, options: [{ id: 't', text: '对' }, { id: 'f', text: '错' }] } as PaperItem;
  if (type === 'short-answer' || type === 'practical') {
    const detail = { rubric: [{ id: 'r1', text: `评分点 ${i}`, points: 2 }], screenshots: type === 'practical' ? 2 : 0, referenceAnswer: `${REFERENCE} ${i}` };
    return { ...base, options: [], detail } as PaperItem;
  }
  return { ...base, options: LETTERS.slice(0, 4 + (i % 2)).map((id) => ({ id, text: `选项 ${id}${i}` })) } as PaperItem;
}

function paperOf(n: number, seed = 'paper-seed'): LoadedPaper {
  const items = Array.from({ length: n }, (_, i) => paperItem(i));
  return { id: 5, title: '试卷', seed, multiRule: 'all-or-nothing', items, byId: new Map(items.map((it) => [it.id, it])) };
}

function inputFor(paper: LoadedPaper, candidateId: number) {
  const session = { id: 900 + candidateId, candidateId, sittingPartId: 1, status: 'in_progress', startedAt: 0, deadline: 60_000, endedAt: null, endReason: null, pausedAt: null, plannedExtraMinutes: 0, incidentExtraMinutes: 0 } as never;
  const multi = paper.items.find((i) => i.type === 'multi')!;
  const answers = [{ id: 1, sessionId: 900 + candidateId, paperItemId: multi.id, responseJson: JSON.stringify({ choices: ['a', 'c'] }), flagged: true, revision: 3, receivedAt: 10 }];
  return { session, kind: 'theory' as const, paper, answers, now: 1234, rules: { textPaste: 'block' as const, parallelParts: false }, durationMinutes: 90 };
}

/** Each call gets its own option ids, as each start does (option-ids.ts keeps one per candidate). */
const ids = (paper: LoadedPaper, candidateId: number) => createOptionIds(() => secret)(paper.id, candidateId, 2);

/** As Socket.IO delivers it: the layout through JSON, the content as bytes (a copy, as a frame is). */
function overTheWire(reply: ReturnType<typeof buildCompactSessionView>) {
  const { content, ...rest } = reply;
  return { ...(JSON.parse(JSON.stringify(rest)) as typeof rest), content: new Uint8Array(content as Uint8Array).buffer };
}

describe('compact session view (shared/session-view-wire.ts)', () => {
  const paper = paperOf(30);

  it("decodes to exactly today's SessionView, for every candidate, from a Buffer or an ArrayBuffer", () => {
    for (const candidateId of [1, 2, 77]) {
      const today = buildSessionView({ ...inputFor(paper, candidateId), optionIds: ids(paper, candidateId) });
      const compact = buildCompactSessionView({ ...inputFor(paper, candidateId), optionIds: ids(paper, candidateId) });
      expect(decodeSessionView(compact)).toEqual(today);
      expect(decodeSessionView(overTheWire(compact))).toEqual(today);
    }
  });

  it("passes today's SessionView through unchanged (a server before the upgrade)", () => {
    const today = buildSessionView({ ...inputFor(paper, 3), optionIds: ids(paper, 3) });
    expect(decodeSessionView(today)).toBe(today);
  });

  it('carries no key, no reference answer and no bank option id in the content bytes', () => {
    const compact = buildCompactSessionView({ ...inputFor(paper, 4), optionIds: ids(paper, 4) });
    const bytes = Buffer.from(compact.content as Uint8Array).toString('utf8');
    expect(bytes).toContain('选项 a0');
    expect(bytes).toContain('评分点 3');
    expect(bytes).not.toContain(KEY_MARK);
    expect(bytes).not.toContain(REFERENCE);
    expect(bytes).not.toMatch(/referenceAnswer|"key"/);
    expect(bytes).not.toMatch(/"id":"[a-e]"/);
    const layoutIds = compact.layout.options.split(' ').map((token) => token.slice(1));
    expect(layoutIds.length).toBeGreaterThan(30);
    for (const id of layoutIds) expect(id).toMatch(/^[a-z2-9]{8}\d?$/);
  });

  it('lists options in the content in a per-paper shuffled order, not the bank order', () => {
    const content = decodePaperContent(paperContentOf(paper).bytes);
    const withChoices = paper.items.filter((i) => i.options.length > 2);
    const shuffled = withChoices.filter((item) => {
      const listed = content.items.find((c) => c.id === item.id)!.options;
      expect([...listed].sort()).toEqual(item.options.map((o) => o.text).sort());
      return listed.join() !== item.options.map((o) => o.text).join();
    });
    // 12 items of 4 or 5 options: a uniform shuffle leaves all in bank order with odds below 1e-14.
    expect(shuffled.length).toBeGreaterThan(withChoices.length / 2);
    // Deterministic per paper (every node sends the same content), different for another seed.
    expect(paperContentOf(paperOf(30)).bytes.equals(paperContentOf(paper).bytes)).toBe(true);
    expect(paperContentOf(paperOf(30, 'other-seed')).bytes.equals(paperContentOf(paper).bytes)).toBe(false);
  });

  it('builds the content once per loaded paper: every candidate gets the same Buffer', () => {
    const fresh = paperOf(30);
    const before = paperContentBuilds();
    const a = buildCompactSessionView({ ...inputFor(fresh, 10), optionIds: ids(fresh, 10) });
    const b = buildCompactSessionView({ ...inputFor(fresh, 11), optionIds: ids(fresh, 11) });
    expect(a.content).toBe(b.content);
    expect(a.layout).not.toEqual(b.layout);
    expect(paperContentBuilds() - before).toBe(1);
  });

  it('decodes the same bytes once (a reconnect, many pages in one process); other bytes anew', () => {
    const bytes = paperContentOf(paper).bytes;
    const first = decodePaperContent(new Uint8Array(bytes));
    expect(decodePaperContent(new Uint8Array(bytes).buffer)).toBe(first);
    const other = paperContentOf(paperOf(30, 'third-seed')).bytes;
    expect(decodePaperContent(other)).not.toBe(first);
    expect(decodePaperContent(bytes)).not.toBe(first);
    expect(decodePaperContent(bytes)).toEqual(first);
  });

  it('compares the bytes whatever their offset in a frame, up to the last byte', () => {
    const bytes = paperContentOf(paper).bytes;
    const first = decodePaperContent(bytes);
    for (const offset of [1, 2, 3, 5]) {
      const frame = new Uint8Array(bytes.length + offset);
      frame.set(bytes, offset);
      expect(decodePaperContent(frame.subarray(offset))).toBe(first);
    }
    // Same length, a word-sized multiple or not, only the last byte differs (both valid JSON).
    for (const pad of ['', ' ', '  ', '   ']) {
      const a = decodePaperContent(new TextEncoder().encode(`{"items":[]}${pad} `));
      expect(decodePaperContent(new TextEncoder().encode(`{"items":[]}${pad}\n`))).not.toBe(a);
    }
  });

  it("compares as a browser does (no Node Buffer there): any offset in a frame, up to the last byte", () => {
    const bytes = new Uint8Array(paperContentOf(paper).bytes);
    for (const offset of [0, 1, 2, 3, 5]) {
      const frame = new Uint8Array(bytes.length + offset);
      frame.set(bytes, offset);
      expect(sameBytesByWords(bytes, frame.subarray(offset))).toBe(true);
      const changed = frame.slice(offset);
      changed[changed.length - 1]! ^= 1;
      expect(sameBytesByWords(bytes, changed)).toBe(false);
      expect(sameBytesByWords(bytes, frame.subarray(offset, offset + bytes.length - 1))).toBe(false);
    }
  });

  it('refuses content that does not match the schema, or a layout pointing past it', () => {
    const compact = buildCompactSessionView({ ...inputFor(paper, 5), optionIds: ids(paper, 5) });
    expect(() => decodeSessionView({ ...compact, content: Buffer.from('{"items":[{"id":"x"}]}') })).toThrow();
    // Checked by hand (the page carries no zod): a type this page does not know, options that are not texts.
    const item = { id: 1, type: 'single', stem: 's', points: 1, options: ['a'] };
    const contentOf = (items: unknown[]) => Buffer.from(JSON.stringify({ items }));
    expect(() => decodeSessionView({ ...compact, content: contentOf([{ ...item, type: 'essay' }]) })).toThrow(/not one this page reads/);
    expect(() => decodeSessionView({ ...compact, content: contentOf([{ ...item, options: [1] }]) })).toThrow(/not one this page reads/);
    expect(() => decodeSessionView({ ...compact, content: contentOf([{ ...item, skills: {} }]) })).toThrow(/not one this page reads/);
    expect(() => decodeSessionView({ ...compact, layout: { ...compact.layout, items: [999] } })).toThrow(/past the content/);
    expect(() => decodeSessionView({ ...compact, layout: { ...compact.layout, items: [-1] } })).toThrow(/past the content/);
    expect(() => decodeSessionView({ ...compact, layout: { items: compact.layout.items } } as never)).toThrow(/without its layout/);
  });

  it('refuses a layout whose option tokens do not fit the content: too few, too many, past an item\'s options', () => {
    const compact = buildCompactSessionView({ ...inputFor(paper, 6), optionIds: ids(paper, 6) });
    const tokens = compact.layout.options.split(' ');
    const withTokens = (t: string[]) => ({ ...compact, layout: { ...compact.layout, options: t.join(' ') } });
    expect(decodeSessionView(withTokens(tokens)).items).toHaveLength(30);
    // The load generator's lazy reading checks the same, when the reply comes, not when an item is built.
    for (const decode of [decodeSessionView, lazyItemsOf] as ((reply: CompactSessionView) => unknown)[]) {
      expect(() => decode(withTokens(tokens.slice(1)))).toThrow(/past its options/);
      expect(() => decode(withTokens([...tokens, tokens[0]!]))).toThrow(/more options/);
      expect(() => decode(withTokens([...tokens, '']))).toThrow(/more options/);
      expect(() => decode(withTokens([`z${tokens[0]!.slice(1)}`, ...tokens.slice(1)]))).toThrow(/past its options/);
      expect(() => decode(withTokens([`-${tokens[0]!.slice(1)}`, ...tokens.slice(1)]))).toThrow(/past its options/);
      expect(() => decode(withTokens([tokens[0]!.charAt(0), ...tokens.slice(1)]))).toThrow(/past its options/);
      expect(() => decode({ ...compact, layout: { ...compact.layout, items: [999] } })).toThrow(/past the content/);
      expect(() => decode({ ...compact, layout: { items: compact.layout.items } } as never)).toThrow(/without its layout/);
      expect(() => decode({ ...compact, content: Buffer.from('{"items":[{"id":"x"}]}') })).toThrow(/not one this page reads/);
    }
  });

  it('reads a reply lazily into exactly the items decodeSessionView builds, one at a time and in any order', () => {
    for (const candidateId of [7, 8]) {
      const compact = overTheWire(buildCompactSessionView({ ...inputFor(paper, candidateId), optionIds: ids(paper, candidateId) }));
      const whole = decodeSessionView(compact).items;
      const lazy = lazyItemsOf(compact);
      expect(lazy.count).toBe(whole.length);
      for (const k of [29, 0, 13, 13, 5]) expect(lazy.at(k)).toEqual(whole[k]);
    }
  });
});
