import path from 'node:path';
import { eq } from 'drizzle-orm';
import { defaultBanksDir } from '../../server/src/app.ts';
import { tablesOf, type Dialect } from '../../server/src/core/db/store.ts';
import { loadBankFile, loadBlueprintFile } from '../../server/src/features/banks/load-bank.ts';
import { seedExam } from '../../server/src/features/demo/seed.ts';
import { seedScoredTheory, seedSubmittedSkills } from '../../server/src/features/demo/skills-scripts.ts';
import { TestExam } from './test-exam.ts';

export const GRADING_STAFF = [
  { role: 'admin', login: 'admin', password: 'admin-pw', displayName: 'Admin' },
  { role: 'grader', login: 'g1', password: 'g1-pw', displayName: 'Grader 1' },
  { role: 'grader', login: 'g2', password: 'g2-pw', displayName: 'Grader 2' },
  { role: 'grader', login: 'g3', password: 'g3-pw', displayName: 'Grader 3' },
] as const;

export const GRADING_CANDIDATES = [
  { ticketNo: 'G0001', name: '阅卷甲', seat: '01', password: 'c1-pw', idNumber: '420101199001011234' },
  { ticketNo: 'G0002', name: '阅卷乙', seat: '02', password: 'c2-pw', idNumber: '42010119900202567X' },
  { ticketNo: 'G0003', name: '阅卷丙', seat: '03', password: 'c3-pw', idNumber: null },
];

/**
 * A level-4 sitting on the demo bank with a skills paper; candidates G0001 and G0002 have their
 * theory scored and their skills part submitted with screenshots; G0003 never came.
 */
export async function startGradingExam(dialect: Dialect = 'sqlite'): Promise<TestExam & { loginAs: (login: string) => Promise<string> }> {
  const t = new TestExam();
  await t.openStore(dialect);
  const bank = loadBankFile(path.join(defaultBanksDir, 'nsa-demo.yaml')).items;
  const db = t.store.db;
  const { candidates } = tablesOf(db);
  t.exam = await seedExam(db, t.clock, {
    planTitle: '阅卷测试计划',
    sittingName: '阅卷测试场次',
    paperTitle: '理论',
    bank,
    blueprint: loadBlueprintFile(path.join(defaultBanksDir, 'blueprints', 'l4-theory.yaml')),
    paperSeed: 'grading-theory',
    skills: { blueprint: loadBlueprintFile(path.join(defaultBanksDir, 'blueprints', 'l4-skills.yaml')), paperSeed: 'grading-skills', paperTitle: '技能' },
    startsAt: t.clock.now(),
    room: '测试考场',
    staff: GRADING_STAFF,
    candidates: GRADING_CANDIDATES,
  });
  for (const [variant, c] of GRADING_CANDIDATES.entries()) {
    const [row] = await db.select().from(candidates).where(eq(candidates.ticketNo, c.ticketNo));
    await db.update(candidates).set({ idNumber: c.idNumber }).where(eq(candidates.id, row!.id));
    if (variant === 2) continue;
    await seedScoredTheory(db, t.clock, { candidateId: row!.id, sittingPartId: t.exam.theoryPartId, wrongEvery: 5 });
    await seedSubmittedSkills(db, t.clock, { candidateId: row!.id, sittingPartId: t.exam.skillsPartId, dataDir: t.dir, variant });
  }
  await t.listen();
  const loginAs = async (login: string) => {
    const staff = GRADING_STAFF.find((s) => s.login === login);
    const cand = GRADING_CANDIDATES.find((c) => c.ticketNo === login);
    const res = staff
      ? await t.http('POST', '/api/auth/staff/login', { body: { username: login, password: staff.password } })
      : await t.http('POST', '/api/auth/candidate/login', { body: { ticketNo: login, password: cand!.password } });
    if (res.status !== 200) throw new Error(`login ${login}: ${res.status}`);
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  };
  return Object.assign(t, { loginAs });
}

/** Full marks on every criterion but the first, which gets `first` points. */
export function marksFor(rubric: { id: string; points: number }[], first: number) {
  return { criteria: rubric.map((c, i) => ({ id: c.id, awarded: i === 0 ? first : c.points })) };
}
