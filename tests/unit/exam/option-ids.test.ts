import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createOptionIds, idsFrom, writeIdFrom, type OptionIdsVersion } from '../../../server/src/features/exam/option-ids.ts';
import { BadRequestError } from '../../../server/src/core/errors.ts';
import { buildSessionView } from '../../../server/src/features/exam/session-view.ts';

const item = { id: 7, options: ['a', 'b', 'c', 'd'].map((id) => ({ id })) };
const secret = randomBytes(32);

describe('option ids by version', () => {
  const fixed = Buffer.alloc(32, 7);
  it('version 1 keeps the ids sessions started before version 2 speak (one HMAC-SHA512 per item)', () => {
    expect(createOptionIds(() => fixed)(1, 10, 1).idsOf(item)).toEqual(['f54iqdkz', '8y3rtj6k', '4c3r6s3b', 'mp3p8hkn']);
  });
  it('version 2 is as deterministic, and differs from version 1', () => {
    expect(createOptionIds(() => fixed)(1, 10, 2).idsOf(item)).toEqual(['qqcjyu6s', 'tzatcsh4', 'nmbw9dez', 'u7ucsd7a']);
  });
  it.each([1, 2] as const)('version %i: a paper prepared at once names every item as one at a time does', (version) => {
    const items = Array.from({ length: 90 }, (_, i) => ({ id: 100 + i, options: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].slice(0, i % 9).map((id) => ({ id })) }));
    const one = createOptionIds(() => secret);
    const prepared = one(4, 12, version);
    prepared.prepare(items);
    expect(items.map((i) => prepared.idsOf(i))).toEqual(items.map((i) => createOptionIds(() => secret)(4, 12, version).idsOf(i)));
  });
  it.each([1, 2] as const)('version %i: writeId writes the very ids idsOf names, prepared or not', (version) => {
    const items = Array.from({ length: 20 }, (_, i) => ({ id: 100 + i, options: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].slice(0, i % 9).map((id) => ({ id })) }));
    const written = (ids: ReturnType<ReturnType<typeof createOptionIds>>, it: (typeof items)[number]) =>
      it.options.map((_, bankAt) => {
        const out = Buffer.alloc(16, 0x20);
        return out.toString('latin1', 3, ids.writeId(it, bankAt, out, 3));
      });
    const prepared = createOptionIds(() => secret)(4, 12, version);
    prepared.prepare(items);
    const unprepared = createOptionIds(() => secret)(4, 12, version);
    for (const it of items) {
      expect(written(prepared, it)).toEqual(prepared.idsOf(it));
      expect(written(unprepared, it)).toEqual(prepared.idsOf(it));
    }
  });
  it('two options of an item with the same 40 bits: the later one carries its position, in ids and as written', () => {
    const digest = Buffer.alloc(64, 0);
    digest.fill(9, 15, 20); // option 3 differs from options 0-2, which are all the same bits
    const ids = idsFrom({ id: 1, options: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }] }, digest, 0);
    expect(ids).toEqual(['aaaaaaaa', 'aaaaaaaa1', 'aaaaaaaa2', ids[3]]);
    expect(ids[3]).toMatch(/^[a-z2-9]{8}$/);
    const out = Buffer.alloc(16);
    expect(ids.map((_, i) => out.toString('latin1', 0, writeIdFrom(digest, 0, i, out, 0)))).toEqual(ids);
  });
  it('version 2: candidates of one paper prepared one after the other (its blocks kept per paper) each get their own ids', () => {
    const items = [item, { id: 8, options: [{ id: 'a' }, { id: 'b' }] }];
    const forCandidate = createOptionIds(() => fixed);
    for (const candidateId of [10, 11, 10, 70_000_000]) {
      const prepared = forCandidate(1, candidateId, 2);
      prepared.prepare(items);
      expect(items.map((i) => prepared.idsOf(i))).toEqual(items.map((i) => createOptionIds(() => fixed)(1, candidateId, 2).idsOf(i)));
      if (candidateId === 10) expect(prepared.idsOf(item)).toEqual(['qqcjyu6s', 'tzatcsh4', 'nmbw9dez', 'u7ucsd7a']);
    }
    const other = forCandidate(2, 10, 2);
    other.prepare(items);
    expect(other.idsOf(item)).not.toEqual(['qqcjyu6s', 'tzatcsh4', 'nmbw9dez', 'u7ucsd7a']);
  });
});

describe.each([1, 2] as const)('per-candidate option ids, version %i', (version: OptionIdsVersion) => {
  const ids = (paperId: number, candidateId: number) => createOptionIds(() => secret)(paperId, candidateId, version);
  it('are opaque, distinct per option and round-trip to bank ids', () => {
    const mine = ids(1, 10);
    const opaque = mine.idsOf(item);
    expect(new Set(opaque).size).toBe(4);
    for (const id of opaque) expect(id).toMatch(/^[a-z2-9]{8}$/);
    expect(opaque).not.toEqual(expect.arrayContaining(['a', 'b', 'c', 'd']));
    expect(mine.toBank(item, [opaque[2]!, opaque[0]!])).toEqual(['c', 'a']);
    expect(mine.toClient(item, ['d'])).toEqual([opaque[3]]);
  });

  it('are the same on every call (reloads and journal replays) and differ between candidates, items and secrets', () => {
    expect(ids(1, 10).idsOf(item)).toEqual(ids(1, 10).idsOf(item));
    const other = ids(1, 11).idsOf(item);
    for (const id of ids(1, 10).idsOf(item)) expect(other).not.toContain(id);
    expect(ids(1, 10).idsOf({ ...item, id: 8 })).not.toEqual(ids(1, 10).idsOf(item));
    expect(createOptionIds(() => randomBytes(32))(1, 10, version).idsOf(item)).not.toEqual(ids(1, 10).idsOf(item));
  });

  it('do not reveal the authored order: over many candidates the bank-first option sorts first a quarter of the time', () => {
    let firstSortsFirst = 0;
    const n = 2000;
    for (let c = 1; c <= n; c++) {
      const opaque = ids(3, c).idsOf(item);
      if ([...opaque].sort()[0] === opaque[0]) firstSortsFirst++;
    }
    expect(firstSortsFirst / n).toBeGreaterThan(0.2);
    expect(firstSortsFirst / n).toBeLessThan(0.3);
  });

  it("refuses an id the candidate was not given, including another candidate's and the bank's own", () => {
    const mine = ids(1, 10);
    expect(() => mine.toBank(item, ['a'])).toThrow(BadRequestError);
    expect(() => mine.toBank(item, [ids(1, 11).idsOf(item)[0]!])).toThrow(BadRequestError);
  });

  it('the session view names options and stored answers by the candidate\'s ids only', () => {
    const paperItems = [
      { id: 1, type: 'single' as const, position: 1, stem: 'Q1', points: 1, options: [{ id: 'a', text: 'A1' }, { id: 'b', text: 'B1' }, { id: 'c', text: 'C1' }], key: ['a'], detail: null },
      { id: 2, type: 'multi' as const, position: 2, stem: 'Q2', points: 2, options: [{ id: 'a', text: 'A2' }, { id: 'b', text: 'B2' }, { id: 'c', text: 'C2' }, { id: 'd', text: 'D2' }], key: ['a', 'c'], detail: null },
    ];
    const paper = { id: 5, title: 'P', seed: 's', multiRule: 'all-or-nothing' as const, items: paperItems, byId: new Map(paperItems.map((i) => [i.id, i])) } as any;
    const session = { id: 9, candidateId: 10, sittingPartId: 1, status: 'in_progress', startedAt: 0, deadline: 1, endedAt: null, endReason: null, pausedAt: null } as any;
    const answers = [{ id: 1, sessionId: 9, paperItemId: 2, responseJson: JSON.stringify({ choices: ['a', 'c'] }), flagged: false, revision: 1, receivedAt: 0 }];
    const mine = ids(5, 10);
    const view = buildSessionView({ session, kind: 'theory', paper, answers, now: 0, optionIds: mine, rules: { textPaste: 'block', parallelParts: false } });
    const multi = view.items.find((i) => i.id === 2)!;
    expect(multi.options.map((o) => o.id).sort()).toEqual([...mine.idsOf(paperItems[1]!)].sort());
    const byText = new Map(multi.options.map((o) => [o.text, o.id]));
    expect(view.answers[0]!.response).toEqual({ choices: [byText.get('A2'), byText.get('C2')].sort() });
    expect(JSON.stringify(view)).not.toMatch(/"id":"[abcd]"/);
  });
});
