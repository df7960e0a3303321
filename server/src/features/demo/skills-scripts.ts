import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import type { Clock } from '../../core/clock.ts';
import { tablesOf, type Db } from '../../core/db/store.ts';
import { skillsItemDetailSchema } from '@shared/paper-item.ts';
import { appendAudit } from '../../core/audit.ts';
import { scorePart } from '../exam/scoring.ts';
import { makePng } from './png.ts';

const MINUTE = 60_000;

/** Writes a screenshot file content-addressed under <dataDir>/evidence, as the upload side does. */
export function storeEvidence(dataDir: string, png: Buffer): string {
  const sha = createHash('sha256').update(png).digest('hex');
  const dir = path.join(dataDir, 'evidence', sha.slice(0, 2));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, sha);
  if (!fs.existsSync(file)) fs.writeFileSync(file, png);
  return sha;
}

async function itemsOfPart(db: Db, sittingPartId: number) {
  const { paperItems, sittingParts } = tablesOf(db);
  const [part] = await db.select().from(sittingParts).where(eq(sittingParts.id, sittingPartId));
  if (!part?.paperId) throw new Error(`Part ${sittingPartId} has no paper`);
  return { part, items: await db.select().from(paperItems).where(eq(paperItems.paperId, part.paperId)).orderBy(asc(paperItems.position)) };
}

/**
 * An ended (submitted) skills session with a text answer for every item and, for practical tasks,
 * the screenshots the task asks for (small generated PNGs). No score: graders produce it.
 */
export async function seedSubmittedSkills(db: Db, clock: Clock, opts: { candidateId: number; sittingPartId: number; dataDir: string; variant: number }): Promise<number> {
  const { items } = await itemsOfPart(db, opts.sittingPartId);
  const now = clock.now();
  const files = items.map((item, i) => {
    const detail = skillsItemDetailSchema.parse(JSON.parse(item.detailJson));
    return Array.from({ length: detail.screenshots }, (_, k) => {
      const hue = (opts.variant * 67 + i * 29 + k * 13) % 256;
      const png = makePng(160, 100, (x, y) => (y < 14 ? [40, 60, 90] : [(x * 2 + hue) % 256, (y * 2 + k * 40) % 256, (hue + 120) % 256]));
      return { sha: storeEvidence(opts.dataDir, png), bytes: png.length, k };
    });
  });
  return db.transaction(async (tx) => {
    const { answers, examSessions, screenshots } = tablesOf(tx);
    const [session] = await tx
      .insert(examSessions)
      .values({ candidateId: opts.candidateId, sittingPartId: opts.sittingPartId, status: 'ended', startedAt: now - 100 * MINUTE, deadline: now + 20 * MINUTE, endedAt: now, endReason: 'submitted' })
      .returning();
    const sessionId = session!.id;
    for (const [i, item] of items.entries()) {
      const text = `操作记录（考生答卷 ${opts.variant + 1}-${i + 1}）：${item.type === 'short-answer' ? '按要求逐条作答，' : '已完成配置并截图，'}说明步骤与结果。`;
      await tx.insert(answers).values({ sessionId, paperItemId: item.id, responseJson: JSON.stringify({ text }), revision: 1, receivedAt: now - MINUTE });
      for (const f of files[i]!) {
        await tx
          .insert(screenshots)
          .values({ sessionId, paperItemId: item.id, sha256: f.sha, bytes: f.bytes, mimeType: 'image/png', width: 160, height: 100, caption: `截图 ${f.k + 1}`, uploadedAt: now - 2 * MINUTE + f.k });
      }
    }
    await appendAudit(tx, { at: now, actorUserId: null, action: 'session.ended', entity: 'exam_session', entityId: sessionId, details: { reason: 'submitted', seeded: true } });
    return sessionId;
  });
}

/** An ended and machine-scored theory session: answers right except every `wrongEvery`-th item. */
export async function seedScoredTheory(db: Db, clock: Clock, opts: { candidateId: number; sittingPartId: number; wrongEvery: number }): Promise<number> {
  const { part, items } = await itemsOfPart(db, opts.sittingPartId);
  const { papers } = tablesOf(db);
  const [paper] = await db.select().from(papers).where(eq(papers.id, part.paperId!));
  const now = clock.now();
  const chosen = new Map(
    items.map((item, i) => {
      const key = JSON.parse(item.answerKeyJson) as string[];
      const options = (JSON.parse(item.optionsJson) as { id: string }[]).map((o) => o.id);
      const wrong = options.find((o) => !key.includes(o)) ?? options[0]!;
      return [item.id, { choices: (i + 1) % opts.wrongEvery === 0 ? [wrong] : key, revision: 1 }] as const;
    }),
  );
  const result = scorePart(
    items.map((item) => ({ id: item.id, type: item.type, points: item.points, key: JSON.parse(item.answerKeyJson) as string[] })),
    chosen,
    paper!.multiRule,
    part.passScore,
  );
  return db.transaction(async (tx) => {
    const { answers, examSessions, scores } = tablesOf(tx);
    const [session] = await tx
      .insert(examSessions)
      .values({ candidateId: opts.candidateId, sittingPartId: opts.sittingPartId, status: 'ended', startedAt: now - 80 * MINUTE, deadline: now + 10 * MINUTE, endedAt: now, endReason: 'submitted' })
      .returning();
    const sessionId = session!.id;
    await tx.insert(answers).values([...chosen].map(([itemId, a]) => ({ sessionId, paperItemId: itemId, responseJson: JSON.stringify({ choices: a.choices }), revision: 1, receivedAt: now - MINUTE })));
    await tx.insert(scores).values({ sessionId, rawPoints: result.rawPoints, maxPoints: result.maxPoints, score: result.score, passed: result.passed, detailJson: JSON.stringify(result.items), scoredAt: now });
    await appendAudit(tx, { at: now, actorUserId: null, action: 'session.scored', entity: 'exam_session', entityId: sessionId, details: { score: result.score, seeded: true } });
    return sessionId;
  });
}

export async function sessionOf(db: Db, candidateId: number, sittingPartId: number) {
  const { examSessions } = tablesOf(db);
  const [row] = await db.select().from(examSessions).where(and(eq(examSessions.candidateId, candidateId), eq(examSessions.sittingPartId, sittingPartId)));
  return row;
}
