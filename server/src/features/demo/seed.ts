import type { Accommodations } from '@shared/accommodations.ts';
import { createAccommodationsDal } from '../planning/accommodations-dal.ts';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import type { BankItem } from '@shared/bank.ts';
import { blueprintSchema } from '@shared/blueprint.ts';
import { OCCUPATION_CODE, PART_DEFAULTS, type Role } from '@shared/domain.ts';
import type { Clock } from '../../core/clock.ts';
import { tablesOf, type Db } from '../../core/db/store.ts';
import { appendAudit } from '../../core/audit.ts';
import { hashPassword, type PasswordCost } from '../auth/passwords.ts';
import { createBanksService } from '../banks/banks-service.ts';
import { loadBankFile, loadBlueprintFile } from '../banks/load-bank.ts';
import { assemblePaper, type Blueprint } from '../papers/assemble.ts';
import { insertPaper } from '../papers/papers-dal.ts';
import { createPlan } from '../planning/plan-setup.ts';
import * as demo from './demo-data.ts';
import { seedScoredTheory, seedSubmittedSkills } from './skills-scripts.ts';

const DAY = 86_400_000;

/** Candidates 2026040106..08: theory scored, skills submitted with screenshots, ready to mark. */
async function seedGradingDemo(db: Db, clock: Clock, exam: SeededExam, dataDir: string) {
  const { candidates } = tablesOf(db);
  for (const [variant, c] of demo.DEMO_GRADING_CANDIDATES.entries()) {
    const [candidate] = await db.select().from(candidates).where(eq(candidates.ticketNo, c.ticketNo));
    if (!candidate) throw new Error(`Demo candidate ${c.ticketNo} missing`);
    await seedScoredTheory(db, clock, { candidateId: candidate.id, sittingPartId: exam.theoryPartId, wrongEvery: c.wrongEvery });
    await seedSubmittedSkills(db, clock, { candidateId: candidate.id, sittingPartId: exam.skillsPartId, dataDir, variant });
  }
}

/** Everything needed to set up one sitting with a theory paper, its staff and candidates. */
export type ExamSpec = {
  planTitle: string;
  sittingName: string;
  paperTitle: string;
  bank: readonly BankItem[];
  blueprint: Blueprint;
  paperSeed: string;
  startsAt: number;
  theory?: { durationMinutes: number; passScore: number };
  /** The skills paper, when the sitting should have one ready. */
  skills?: { blueprint: Blueprint; paperSeed: string; paperTitle: string };
  room: string;
  staff: readonly { role: Exclude<Role, 'candidate' | 'applicant'>; login: string; password: string; displayName: string }[];
  candidates: readonly { ticketNo: string; name: string; seat: string; password: string }[];
};

export type SeededExam = { sittingId: number; theoryPartId: number; skillsPartId: number; paperId: number; skillsPaperId: number | null };

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const { users } = tablesOf(db);
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

async function ensureOccupation(tx: Db): Promise<number> {
  const { occupations, levels } = tablesOf(tx);
  const [existing] = await tx.select().from(occupations).where(eq(occupations.code, OCCUPATION_CODE));
  if (existing) return existing.id;
  const [occ] = await tx.insert(occupations).values({ code: OCCUPATION_CODE, nameZh: '网络与信息安全管理员', nameEn: 'Network and Information Security Administrator' }).returning();
  await tx.insert(levels).values(demo.LEVEL_NAMES.map((l) => ({ occupationId: occ!.id, ...l })));
  return occ!.id;
}

/** Rows per multi-row insert: well under PostgreSQL's 65,535 parameters, few statements for a crowd. */
const CHUNK = 500;
const chunks = <T>(xs: readonly T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export async function seedExam(db: Db, clock: Clock, spec: ExamSpec): Promise<SeededExam> {
  const now = clock.now();
  const items = assemblePaper(spec.blueprint, spec.bank, spec.paperSeed);
  // Hash once per distinct password: scrypt is slow on purpose. Candidates' at the admission cost, as the roster import does.
  const hashesAt = async (cost: PasswordCost, passwords: string[]) => new Map(await Promise.all([...new Set(passwords)].map(async (p) => [p, await hashPassword(p, cost)] as const)));
  const [staffHashes, candidateHashes] = await Promise.all([hashesAt('standard', spec.staff.map((s) => s.password)), hashesAt('admission', spec.candidates.map((c) => c.password))]);

  const paperId = await db.transaction((tx) => insertPaper(tx, { title: spec.paperTitle, part: 'theory', multiRule: blueprintSchema.parse(spec.blueprint).multiRule, seed: spec.paperSeed, createdAt: now }, items));
  const skills = spec.skills;
  const skillsPaperId = skills
    ? await db.transaction((tx) => insertPaper(tx, { title: skills.paperTitle, part: 'skills', multiRule: 'all-or-nothing', seed: skills.paperSeed, createdAt: now }, assemblePaper(skills.blueprint, spec.bank, skills.paperSeed)))
    : null;
  return db.transaction(async (tx) => {
    const { candidates, examPlans, proctorAssignments, sittingParts, sittings, users } = tablesOf(tx);
    const occupationId = await ensureOccupation(tx);
    const [plan] = await tx
      .insert(examPlans)
      .values({ occupationId, title: spec.planTitle, examDate: new Date(spec.startsAt).toISOString().slice(0, 10), registrationDeadline: spec.startsAt - DAY, createdAt: now })
      .returning();
    const [sitting] = await tx.insert(sittings).values({ planId: plan!.id, level: spec.blueprint.level, name: spec.sittingName, startsAt: spec.startsAt }).returning();
    const sittingId = sitting!.id;
    const [theory] = await tx.insert(sittingParts).values({ sittingId, part: 'theory', ...(spec.theory ?? PART_DEFAULTS.theory), paperId }).returning();
    const [skillsPart] = await tx.insert(sittingParts).values({ sittingId, part: 'skills', ...PART_DEFAULTS.skills, paperId: skillsPaperId }).returning();
    for (const s of spec.staff) {
      const [staff] = await tx.insert(users).values({ role: s.role, login: s.login, displayName: s.displayName, passwordHash: staffHashes.get(s.password) ?? '', createdAt: now }).returning({ id: users.id });
      // The sitting's proctors watch its room.
      if (s.role === 'proctor') await tx.insert(proctorAssignments).values({ userId: staff!.id, sittingId, room: spec.room });
    }
    // Many rows per statement: a crowd of 20,000 for the benchmark seeds in seconds.
    for (const batch of chunks(spec.candidates)) {
      const logins = await tx
        .insert(users)
        .values(batch.map((c) => ({ role: 'candidate' as const, login: c.ticketNo, displayName: c.name, passwordHash: candidateHashes.get(c.password) ?? '', createdAt: now })))
        .returning({ id: users.id, login: users.login });
      const userOf = new Map(logins.map((u) => [u.login, u.id]));
      await tx.insert(candidates).values(batch.map((c) => ({ userId: userOf.get(c.ticketNo)!, sittingId, ticketNo: c.ticketNo, name: c.name, room: spec.room, seat: c.seat })));
    }
    await appendAudit(tx, { at: now, actorUserId: null, action: 'exam.seeded', entity: 'sitting', entityId: sittingId, details: { paperId, skillsPaperId, items: items.length } });
    return { sittingId, theoryPartId: theory!.id, skillsPartId: skillsPart!.id, paperId, skillsPaperId };
  });
}

/** Seeds the demo exam into an empty database; a database that has users is left alone. */
export async function seedDemo(db: Db, clock: Clock, banksDir: string, dataDir?: string): Promise<boolean> {
  if (!(await isDatabaseEmpty(db))) return false;
  const bankFile = path.join(banksDir, demo.DEMO_BANK_FILE);
  const bank = loadBankFile(bankFile);
  await createBanksService({ db, clock, banksDir }).importNativeFile(bankFile, null);
  const exam = await seedExam(db, clock, {
    planTitle: '2026年第四期 网络与信息安全管理员 职业技能等级认定（演示）',
    sittingName: '四级 第1场（演示）',
    paperTitle: '网络与信息安全管理员（四级）理论知识考试 演示试卷',
    bank: bank.items,
    blueprint: loadBlueprintFile(path.join(banksDir, 'blueprints', demo.DEMO_BLUEPRINT_FILE)),
    paperSeed: demo.DEMO_PAPER_SEED,
    skills: {
      blueprint: loadBlueprintFile(path.join(banksDir, 'blueprints', demo.DEMO_SKILLS_BLUEPRINT_FILE)),
      paperSeed: demo.DEMO_SKILLS_PAPER_SEED,
      paperTitle: '网络与信息安全管理员（四级）技能考核 演示试卷',
    },
    startsAt: clock.now(),
    room: demo.DEMO_ROOM,
    staff: demo.DEMO_STAFF,
    candidates: [...demo.DEMO_CANDIDATES, ...demo.DEMO_GRADING_CANDIDATES, ...demo.DEMO_ACCESSIBILITY_CANDIDATES].map((c) => ({ ticketNo: c.ticketNo, name: c.name, seat: c.seat, password: demo.DEMO_CANDIDATE_PASSWORD })),
  });
  // Listed with its seats, so the plans and staffing pages show the demo room like any planned one.
  await db.insert(tablesOf(db).rooms).values({ sittingId: exam.sittingId, name: demo.DEMO_ROOM, seats: demo.DEMO_ROOM_SEATS });
  await seedDemoAccommodations(db, clock);
  await seedOpenPlan(db, clock);
  if (dataDir) await seedGradingDemo(db, clock, exam, dataDir);
  return true;
}

/** Seat 09 has accommodations planned, so the proctor's grid and the candidate's page show them on a fresh demo. */
async function seedDemoAccommodations(db: Db, clock: Clock) {
  const [first] = demo.DEMO_ACCESSIBILITY_CANDIDATES;
  const { candidates } = tablesOf(db);
  const [candidate] = await db.select({ id: candidates.id }).from(candidates).where(eq(candidates.ticketNo, first.ticketNo));
  if (!candidate) return;
  const planned: Accommodations = { extraTime: { theory: { unit: 'percent', value: 25 }, skills: { unit: 'minutes', value: 15 } }, separateRoom: false, largePrint: true, screenReader: true, other: null };
  await createAccommodationsDal(db).upsert(candidate.id, planned, clock.now(), null);
}

/** A plan whose registration is open for 30 days, every level, two rooms per sitting: registration works on a fresh demo. */
async function seedOpenPlan(db: Db, clock: Clock) {
  const startsAt = clock.now() + 45 * DAY;
  await createPlan(db, clock, {
    title: demo.DEMO_OPEN_PLAN_TITLE,
    examDate: new Date(startsAt).toISOString().slice(0, 10),
    registrationDeadline: clock.now() + 30 * DAY,
    sittings: demo.LEVEL_NAMES.map((l) => ({ level: l.level, name: `${l.nameZh.split('/')[0]} 第1场`, startsAt, rooms: demo.DEMO_OPEN_PLAN_ROOMS })),
  });
}

/**
 * A sitting of `count` candidates sharing one password (one scrypt hash) on the demo bank's
 * level-4 paper: what the benchmark and the fault tests drive.
 */
export async function seedCrowdExam(db: Db, clock: Clock, opts: { count: number; password: string; ticketPrefix: string; banksDir: string }) {
  const tickets = Array.from({ length: opts.count }, (_, i) => `${opts.ticketPrefix}${String(i + 1).padStart(6, '0')}`);
  const exam = await seedExam(db, clock, {
    planTitle: `${opts.ticketPrefix} crowd`,
    sittingName: `${opts.ticketPrefix} crowd`,
    paperTitle: `${opts.ticketPrefix} crowd paper`,
    bank: loadBankFile(path.join(opts.banksDir, demo.DEMO_BANK_FILE)).items,
    blueprint: loadBlueprintFile(path.join(opts.banksDir, 'blueprints', demo.DEMO_BLUEPRINT_FILE)),
    paperSeed: `${opts.ticketPrefix}-crowd`,
    startsAt: clock.now() - 1000,
    room: 'crowd',
    staff: [],
    candidates: tickets.map((ticketNo, i) => ({ ticketNo, name: `考生${i + 1}`, seat: String(i + 1), password: opts.password })),
  });
  return { exam, tickets };
}
