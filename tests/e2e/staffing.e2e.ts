import { expect, test } from '@playwright/test';
import { loginAdmin, loginStaff } from './login.ts';

const DAY = 86_400_000;
const SITTING = '人员安排E2E 三级场次';
const ROOM = 'E2E-301';

test('the admin assigns the demo proctor to a room of a new plan; the proctor then sees and opens it', async ({ browser }) => {
  const admin = await browser.newPage();
  await loginAdmin(admin);

  // A plan of our own with one room and one candidate in it (created through the API, as the plans page would).
  const now = Date.now();
  const plan = await admin.request.post('/api/admin/plans', {
    data: { title: '人员安排E2E 计划', examDate: new Date(now + 20 * DAY).toISOString().slice(0, 10), registrationDeadline: now + 10 * DAY, sittings: [{ level: 3, name: SITTING, startsAt: now + 20 * DAY, rooms: [{ name: ROOM, seats: 10 }] }] },
  });
  expect(plan.status()).toBe(200);
  const { planId, sittingIds } = (await plan.json()) as { planId: number; sittingIds: number[] };
  const roster = await admin.request.post(`/api/admin/plans/${planId}/roster?fileName=e2e.csv&dryRun=false`, {
    headers: { 'content-type': 'application/octet-stream' },
    data: Buffer.from('姓名,身份证号,等级,联系方式\r\n周九,11010519491231002X,三级,\r\n', 'utf8'),
  });
  expect(roster.status()).toBe(200);
  expect(((await roster.json()) as { imported: number }).imported).toBe(1);

  // The proctor's console does not offer the room yet.
  const proctor = await (await browser.newContext()).newPage();
  await loginStaff(proctor, 'proctor', 'proctor123', /\/proctor$/);
  await proctor.getByTestId('room-select').click();
  await expect(proctor.getByRole('option').first()).toBeVisible();
  await expect(proctor.getByRole('option', { name: new RegExp(ROOM) })).toHaveCount(0);

  // 人员安排: choose the sitting, give the room its proctor.
  await admin.getByTestId('admin-nav-staffing').click();
  await expect(admin).toHaveURL(/\/admin\/staffing$/);
  await admin.getByTestId('staffing-sitting').click();
  await admin.getByRole('option', { name: SITTING }).click();
  await expect(admin).toHaveURL(new RegExp(`sitting=${sittingIds[0]}`));
  const row = admin.getByTestId(`room-proctors-${ROOM}`);
  await expect(row).toContainText('1'); // one candidate
  await row.getByTestId('room-proctors-select').click();
  await admin.getByRole('option', { name: '监考员 (demo)（proctor）' }).click();
  await row.getByTestId('room-proctors-save').click();
  await expect(row.getByTestId('room-proctors-saved')).toContainText('新增 1 人');

  // A level-3 sitting without a skills paper yet: no tasks to staff, and no review panel.
  await expect(admin.getByText('该场次还没有技能考核试卷。')).toBeVisible();
  await expect(admin.getByTestId('panel-chair')).toHaveCount(0);

  // The assignment is in the audit log.
  const audit = await admin.request.get('/api/admin/audit?action=assignment.proctor_added');
  expect(JSON.stringify(await audit.json())).toContain(ROOM);

  // The proctor now finds the room, opens it and sees its candidate.
  await proctor.reload();
  await proctor.getByTestId('room-select').click();
  await proctor.getByRole('option', { name: new RegExp(`${SITTING} · ${ROOM}`) }).click();
  await expect(proctor.locator('[data-testid="grid-row"]')).toHaveCount(1);
  await expect(proctor.getByTestId('room-grid')).toContainText('周九');

  // Reloaded, the staffing page shows the saved assignment.
  await admin.reload();
  await expect(admin.getByTestId(`room-proctors-${ROOM}`)).toContainText('监考员 (demo)（proctor）');
});
