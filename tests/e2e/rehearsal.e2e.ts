import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import type { ServerProcess } from '../helpers/server-process.ts';
import { advanceClock, logout, person, startRehearsalServer } from './rehearsal/day.ts';
import { fakeScreenForCapture } from './paste.ts';
import { assembleSkillsPaper, assembleTheoryPaper, createGrader, createPlan, importRoster, loginOffice, staffSitting } from './rehearsal/office.ts';
import { APPLICANT, applyAndGetTicket } from './rehearsal/applicant.ts';
import { act, gridRow, loginCandidateAs, loseNetworkAndComeBack, openRoom, sitSkills, sitTheoryUntilProctored, submitPart } from './rehearsal/exam-room.ts';
import { markTask, openReview, reviewAction, reviewScore } from './rehearsal/marking.ts';
import { loginStaffAs, partsOf, printRoomTickets } from './rehearsal/office.ts';
import { expectChineseOnly } from './l10n.ts';
import { startPart } from './login.ts';

/**
 * 考试日彩排: a whole exam day through the real pages and sockets, in the zh-CN UI, on a server of
 * its own whose clock the office moves forward instead of anyone sleeping through a part.
 */

const DAY = 24 * 60;
const PLAN = '彩排 2026 年第四期';
const L4 = { level: '4', name: '彩排四级场', room: '彩排401', seats: 6 } as const;
const L2 = { level: '2', name: '彩排二级场', room: '彩排201', seats: 4 } as const;

// A step that cannot happen fails within half a minute, not at the end of the whole day's budget.
test.use({ actionTimeout: 30_000 });

let server: ServerProcess;
test.beforeAll(async () => {
  server = await startRehearsalServer();
});
test.afterAll(async () => {
  await server?.kill('SIGTERM');
});

test('an exam day: plan, registration, theory, skills, proctoring, marking, review, release', async ({ browser }) => {
  test.setTimeout(300_000);
  const base = server.baseUrl;
  const office = (await person(browser, base)).page;
  const t0 = Date.now();

  await test.step('the office sets up the day', async () => {
    await loginOffice(office);
    await createGrader(office, 'grader.two', '钱二评', 'grader-two-pw1');
    await createGrader(office, 'grader.arb', '孙仲裁', 'grader-arb-pw1');
    await createPlan(office, { title: PLAN, deadline: t0 + DAY * 60_000, sittingsAt: t0 + 2 * DAY * 60_000, sittings: [L4, L2] });
  });

  const applicant = (await person(browser, base)).page;
  const ticket = await test.step('an applicant registers and is approved', async () => applyAndGetTicket(applicant, office, PLAN));

  const roster = await test.step('the roster brings the rest', async () =>
    importRoster(office, PLAN, [
      { name: '李违纪', idNumber: '110105199001011232', level: '四级' },
      { name: '王缺考', idNumber: '110105199202022341', level: '四级' },
      { name: '赵答辩', idNumber: '110105198803033455', level: '二级' },
    ]),
  );

  await test.step('admission tickets are printed for the room', async () => {
    const pages = await printRoomTickets(office, PLAN, L4.room);
    expect(pages).toHaveLength(3);
    expect(pages.join('\n')).toContain(`姓名 ${APPLICANT.name}`);
    expect(pages.join('\n')).toContain(`准考证号 ${roster.get('王缺考')!.ticketNo}`);
  });

  await test.step('papers and staff', async () => {
    await assembleTheoryPaper(office, L4.name);
    await assembleSkillsPaper(office, L4.name);
    await staffSitting(office, L4.name, { room: L4.room, proctor: /proctor/, graders: ['grader）', 'grader.two'], arbitrator: 'grader.arb' });
    await staffSitting(office, L2.name, { panel: { chair: 'grader）', members: ['grader.two'] } });
  });

  const violator = roster.get('李违纪')!;
  const absentee = roster.get('王缺考')!;
  const defender = roster.get('赵答辩')!;
  const l4 = await partsOf(office, L4.name);
  const l2 = await partsOf(office, L2.name);

  // Exam day morning: the clock moves to the sittings' start.
  await advanceClock(office, 2 * DAY);
  // Two days on, yesterday's logins have expired (12 hours): the office logs in again, as it would.
  await loginOffice(office);

  const proctor = (await person(browser, base)).page;
  const candidate = (await person(browser, base)).page;
  await candidate.addInitScript(fakeScreenForCapture);
  const cheater = (await person(browser, base)).page;
  await test.step('the room opens: the proctor sees who is there', async () => {
    await loginStaffAs(proctor, 'proctor', 'proctor123', /\/proctor$/);
    await openRoom(proctor, L4.name, L4.room);
    await expect(proctor.locator('[data-testid="grid-row"]')).toHaveCount(3);
    await loginCandidateAs(candidate, ticket, APPLICANT.password);
    await expect(gridRow(proctor, ticket).getByTestId('row-status')).toHaveText('已登录 / 等待开始');
    await expect(gridRow(proctor, absentee.ticketNo)).toHaveAttribute('data-status', 'not_logged_in');
  });

  await test.step('theory: reload, offline, proctor message, pause, extra time, submit', async () => {
    await sitTheoryUntilProctored(candidate);
    await expect(gridRow(proctor, ticket).getByTestId('row-answered')).toHaveText(/^2\/90$/);
    await act(proctor, ticket, 'message', '请关闭手机', '请将手机关机后放在桌角');
    await expect(candidate.getByTestId('proctor-message')).toHaveText('请将手机关机后放在桌角');
    await candidate.getByTestId('proctor-message-dismiss').click();
    await act(proctor, ticket, 'pause', '考生电脑死机');
    await expect(candidate.getByTestId('exam-paused')).toContainText('考生电脑死机');
    await act(proctor, ticket, 'resume', '电脑已恢复');
    await expect(candidate.getByTestId('exam-paused')).toBeHidden();
    await act(proctor, ticket, 'extend', '补偿死机时间');
    await expect(candidate.getByTestId('notice-extended')).toContainText('补偿死机时间');
    await loseNetworkAndComeBack(candidate);
    await expect(gridRow(proctor, ticket).getByTestId('row-answered')).toHaveText(/^3\/90$/);
    await expectChineseOnly(candidate, '理论考试：监考员的消息、暂停与延时之后', { soft: true });
    await submitPart(candidate, 3);
    await expect(gridRow(proctor, ticket)).toHaveAttribute('data-status', 'submitted');
    await expectChineseOnly(proctor, '监考台：事件与操作之后', { soft: true });
  });

  await test.step('a candidate caught cheating: the proctor records 违纪', async () => {
    await loginCandidateAs(cheater, violator.ticketNo, violator.password);
    await startPart(cheater, 'theory');
    await cheater.getByTestId('option-B').check();
    await act(proctor, violator.ticketNo, 'violation', '夹带纸条');
    await expect(cheater.getByTestId('session-ended')).toBeVisible();
  });

  await test.step('no release while the sitting runs: someone can still start', async () => {
    await office.goto('/admin');
    await office.getByTestId(`release-${l4.theory}`).click();
    await office.getByTestId('release-confirm').click();
    await expect(office.getByTestId('release-error')).toContainText('还可能开考');
    await expectChineseOnly(office, '成绩发布被拒绝', { soft: true });
    await office.goto('/admin');
    await office.getByTestId(`view-results-${l4.theory}`).click();
    await expect(office.getByTestId(`theory-${absentee.ticketNo}`)).toContainText('未开始');
  });

  await test.step('skills: a short answer and a pasted screenshot', async () => {
    await sitSkills(candidate);
  });

  // The day ends: every part's time is over, the absent candidate can no longer start.
  await advanceClock(office, 6 * 60);

  const grader = (await person(browser, base)).page;
  const second = (await person(browser, base)).page;
  const arbitrator = (await person(browser, base)).page;
  await test.step('marking: double marking with one arbitration, the other tasks single-marked', async () => {
    await loginStaffAs(grader, 'grader', 'grader123', /\/grading$/);
    await loginStaffAs(second, 'grader.two', 'grader-two-pw1', /\/grading$/);
    await loginStaffAs(arbitrator, 'grader.arb', 'grader-arb-pw1', /\/grading$/);
    await markTask(grader, 1, 2);
    await expectChineseOnly(grader, '阅卷：提交评分之后', { soft: true });
    await markTask(second, 1, 0);
    await markTask(arbitrator, 1, 1);
    for (const position of [2, 3, 4, 5]) await markTask(grader, position, 1);
  });

  await test.step('the level 2 panel scores the oral defence', async () => {
    await openReview(grader);
    await reviewAction(grader, defender.ticketNo, '开始');
    await reviewScore(grader, defender.ticketNo, 80);
    await openReview(second);
    await reviewScore(second, defender.ticketNo, 70);
    await reviewAction(grader, defender.ticketNo, '结束');
    await expect(grader.getByTestId(`review-row-${defender.ticketNo}`)).toContainText('75（合格）');
  });

  await test.step('results: released, exported, read by the candidate', async () => {
    await office.goto('/admin');
    for (const id of [l4.theory, l4.skills, l2.review]) {
      await office.getByTestId(`release-${id}`).click();
      await office.getByTestId('release-confirm').click();
      await expect(office.getByTestId(`released-${id}`)).toBeVisible();
    }
    await office.getByTestId(`view-results-${l4.theory}`).click();
    await expect(office.getByTestId(`result-${absentee.ticketNo}`)).toHaveText('缺考');
    await expect(office.getByTestId(`result-${violator.ticketNo}`)).toHaveText('违纪');
    const [download] = await Promise.all([office.waitForEvent('download'), office.getByTestId('export-csv').click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    for (const name of [APPLICANT.name, '李违纪', '王缺考']) expect(csv).toContain(name);
    expect(csv).toContain('缺考');

    await expectChineseOnly(office, '综合成绩', { soft: true });
    await office.getByTestId('admin-nav-audit').click();
    await expect(office.getByTestId('audit-table')).toContainText('违纪');
    await expectChineseOnly(office, '审计日志', { soft: true });

    await candidate.goto('/exam');
    await expect(candidate.getByTestId('part-score-theory')).toHaveText(/\d/);
    await expect(candidate.getByTestId('part-score-skills')).toHaveText(/\d/);
    await expectChineseOnly(candidate, '考生查看成绩', { soft: true });
  });
});
