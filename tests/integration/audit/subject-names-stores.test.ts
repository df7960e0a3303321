import { afterAll, beforeAll, expect, it } from 'vitest';
import { tablesOf, type Db } from '../../../server/src/core/db/store.ts';
import { createSubjectNamer, type SubjectNamer, type SubjectRef } from '../../../server/src/features/audit/subject-names.ts';
import { auditPorts } from '../../../server/src/reporting-ports.ts';
import { describeStores, openTestStore, type TestStore } from '../../helpers/stores.ts';

/**
 * The audit log names its subjects through the owners' ports (issue #16), one call per kind of
 * subject per page, chained where a name lives with another owner (a session's candidate and part,
 * an application's applicant). Every kind, on each store of the matrix, with the owners' real ports.
 */
await describeStores('audit subjects named through the owners’ ports', (dialect) => {
  let t: TestStore;
  let db: Db;
  let names: SubjectNamer;
  const id = { user: 0, candidate: 0, application: 0, plan: 0, sitting: 0, part: 0, session: 0, room: 0, bank: 0, item: 0 };

  beforeAll(async () => {
    t = await openTestStore(dialect);
    db = t.store.db;
    const tb = tablesOf(db);
    const one = async <T,>(rows: Promise<T[]>) => (await rows)[0]!;
    const user = await one(db.insert(tb.users).values({ role: 'applicant', login: 'zhang', displayName: '张三', passwordHash: 'x', createdAt: 1 }).returning({ id: tb.users.id }));
    const occ = await one(db.insert(tb.occupations).values({ code: 'X-01', nameZh: '测试', nameEn: 'Test' }).returning({ id: tb.occupations.id }));
    const plan = await one(db.insert(tb.examPlans).values({ occupationId: occ.id, title: '春季计划', examDate: '2027-03-01', registrationDeadline: 1, createdAt: 1 }).returning({ id: tb.examPlans.id }));
    const sitting = await one(db.insert(tb.sittings).values({ planId: plan.id, level: 4, name: '四级上午', startsAt: 1 }).returning({ id: tb.sittings.id }));
    const part = await one(db.insert(tb.sittingParts).values({ sittingId: sitting.id, part: 'skills', durationMinutes: 120 }).returning({ id: tb.sittingParts.id }));
    const room = await one(db.insert(tb.rooms).values({ sittingId: sitting.id, name: '第1考场', seats: 30 }).returning({ id: tb.rooms.id }));
    const candidate = await one(
      db.insert(tb.candidates).values({ userId: user.id, sittingId: sitting.id, ticketNo: '2027040101', name: '张三丰', room: '第1考场', seat: '01' }).returning({ id: tb.candidates.id }),
    );
    const application = await one(
      db
        .insert(tb.applications)
        .values({ userId: user.id, planId: plan.id, level: 4, status: 'submitted', formJson: '{}', verdictJson: '{}', outcome: 'eligible', submittedAt: 1 })
        .returning({ id: tb.applications.id }),
    );
    const session = await one(db.insert(tb.examSessions).values({ candidateId: candidate.id, sittingPartId: part.id, status: 'ended' }).returning({ id: tb.examSessions.id }));
    const bank = await one(db.insert(tb.banks).values({ bankKey: 'b', title: '演示题库', version: 1, sourceFormat: 'native', sourceName: 'b.yaml', importedAt: 1 }).returning({ id: tb.banks.id }));
    const paper = await one(db.insert(tb.papers).values({ title: '卷', part: 'theory', seed: 's', createdAt: 1 }).returning({ id: tb.papers.id }));
    const item = await one(
      db.insert(tb.paperItems).values({ paperId: paper.id, position: 7, bankItemId: 'q', type: 'single', stem: '?', optionsJson: '[]', answerKeyJson: '[]', points: 1 }).returning({ id: tb.paperItems.id }),
    );
    Object.assign(id, { user: user.id, candidate: candidate.id, application: application.id, plan: plan.id, sitting: sitting.id, part: part.id, session: session.id, room: room.id, bank: bank.id, item: item.id });
    names = createSubjectNamer(auditPorts(db).subjects);
  });
  afterAll(() => t?.close());

  const ref = (entity: string, entityId: number | string | null, action = `${entity}.changed`): SubjectRef => ({ action, entity, entityId: entityId === null ? null : String(entityId) });

  it('names every kind of subject, chains across owners, and leaves unknown ids and kinds unnamed', async () => {
    const subjects = await names([
      ref('user', id.user),
      ref('candidate', id.candidate),
      ref('candidate', '2027040101', 'tickets.printed'),
      ref('application', id.application),
      ref('exam_plan', id.plan),
      ref('sitting', id.sitting),
      ref('sitting_part', id.part),
      ref('exam_session', id.session),
      ref('room', id.room),
      ref('bank', id.bank),
      ref('paper_item', id.item),
      ref('room', '第2考场', 'proctor.room_paused'),
      ref('user', 'wang', 'auth.login_failed'),
      ref('exam_session', 999_999),
      ref('user', 'not-a-number'),
      ref('audit_log', null),
    ]);
    expect(subjects.map((s) => [s.entity, s.name, s.part, s.position])).toEqual([
      ['user', '张三', null, null],
      ['candidate', '张三丰', null, null],
      ['candidate', '张三丰', null, null],
      ['application', '张三', null, null],
      ['exam_plan', '春季计划', null, null],
      ['sitting', '四级上午', null, null],
      ['sitting_part', '四级上午', 'skills', null],
      ['exam_session', '张三丰', 'skills', null],
      ['room', '第1考场', null, null],
      ['bank', '演示题库', null, null],
      ['paper_item', '', null, 7],
      ['room', '第2考场', null, null],
      ['user', 'wang', null, null],
      ['exam_session', null, null, null],
      ['user', null, null, null],
      ['audit_log', null, null, null],
    ]);
  });
});
