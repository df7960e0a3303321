import fs from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { pdfPageTexts } from '../../helpers/pdf-text.ts';
import type { SittingPartSummary } from '../../../shared/api.ts';
import { localDateTime } from './day.ts';

/** The exam office's part of the day, through its pages (the request API only where no page exists). */

export async function loginOffice(page: Page) {
  await loginStaffAs(page, 'admin', 'admin123', /\/admin$/);
}

export async function loginStaffAs(page: Page, login: string, password: string, landing: RegExp) {
  await page.goto('/');
  await page.getByTestId('tab-staff').click();
  await page.getByTestId('login-username').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(landing);
}

export async function createGrader(page: Page, login: string, name: string, password: string) {
  await page.getByTestId('admin-nav-staff').click();
  await page.getByTestId('staff-create').click();
  await page.getByTestId('staff-form-login').fill(login);
  await page.getByTestId('staff-form-name').fill(name);
  await page.getByTestId('staff-form-role').selectOption('grader');
  await page.getByTestId('staff-form-password').fill(password);
  await page.getByTestId('staff-form-submit').click();
  await expect(page.getByTestId(`staff-row-${login}`)).toContainText(name);
}

export type PlanSpec = { title: string; sittingsAt: number; deadline: number; sittings: { level: '4' | '2'; name: string; room: string; seats: number }[] };

/** 考试计划: one plan, its sittings and rooms, through the plan form. */
export async function createPlan(page: Page, spec: PlanSpec) {
  await page.getByTestId('admin-nav-plans').click();
  await page.getByTestId('new-plan').click();
  await page.getByTestId('new-plan-title').fill(spec.title);
  await page.getByTestId('new-plan-date').fill(localDateTime(spec.sittingsAt).slice(0, 10));
  await page.getByTestId('new-plan-deadline').fill(localDateTime(spec.deadline));
  for (const [i, s] of spec.sittings.entries()) {
    if (i > 0) await page.getByTestId('new-plan-add-sitting').click();
    await page.getByTestId(`new-sitting-${i}-level`).selectOption(s.level);
    await page.getByTestId(`new-sitting-${i}-name`).fill(s.name);
    await page.getByTestId(`new-sitting-${i}-starts`).fill(localDateTime(spec.sittingsAt));
    await page.getByTestId(`new-sitting-${i}-room-0-name`).fill(s.room);
    await page.getByTestId(`new-sitting-${i}-room-0-seats`).fill(String(s.seats));
  }
  await page.getByTestId('new-plan-submit').click();
  await expect(page.getByTestId('new-plan-created')).toContainText(spec.title);
  return page.locator('[data-testid^="plan-"]', { hasText: spec.title });
}

export type RosterRow = { name: string; idNumber: string; level: '四级' | '二级' };
export type Issued = { ticketNo: string; password: string };

/** 名单导入 into the plan: returns each new candidate's ticket number and initial password as the report shows them. */
export async function importRoster(page: Page, planTitle: string, rows: RosterRow[]): Promise<Map<string, Issued>> {
  await page.getByTestId('admin-nav-plans').click();
  const plan = page.locator('[data-testid^="plan-"]', { hasText: planTitle });
  const csv = ['姓名,身份证号,等级', ...rows.map((r) => `${r.name},${r.idNumber},${r.level}`)].join('\n');
  await plan.locator('input[type=file]').first().setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await plan.locator('[data-testid^="roster-import-"]').click();
  const report = page.getByTestId('roster-report');
  await expect(report).toContainText(`已导入 ${rows.length} 行，错误 0 行`);
  const issued = new Map<string, Issued>();
  for (const r of rows) {
    const cells = report.locator('tr', { hasText: r.name }).locator('td');
    issued.set(r.name, { ticketNo: (await cells.nth(5).textContent())!.trim(), password: (await cells.nth(7).textContent())!.trim() });
  }
  return issued;
}

/** 组卷 of a theory part on the papers page, with the shipped blueprint for its level. */
export async function assembleTheoryPaper(page: Page, sittingName: string) {
  await page.getByTestId('admin-nav-papers').click();
  await page.getByTestId('paper-part').click();
  await page.getByRole('option', { name: new RegExp(sittingName) }).click();
  await page.getByTestId('paper-bank').click();
  await page.getByRole('option').first().click();
  await page.getByTestId('check-blueprint').click();
  await expect(page.getByTestId('blueprint-feasible')).toBeVisible();
  await page.getByTestId('assemble-paper').click();
  await page.getByTestId('assemble-confirm').click();
  await expect(page.getByTestId('assembled-items')).toHaveText(/90/);
}

/** The skills paper: the papers page assembles theory papers only, so the office's API does it. */
// Sittings are listed as "plan · sitting": matched by the sitting's own name.
export async function assembleSkillsPaper(page: Page, sittingName: string) {
  const parts = (await (await page.request.get('/api/admin/parts')).json()) as SittingPartSummary[];
  const part = parts.find((p) => p.sittingName.includes(sittingName) && p.kind === 'skills')!;
  const blueprints = (await (await page.request.get('/api/admin/blueprints')).json()) as { level: number; part?: string }[];
  const blueprint = blueprints.find((b) => b.level === part.level && b.part === 'skills');
  const banks = (await (await page.request.get('/api/admin/banks')).json()) as { id: number }[];
  const response = await page.request.post(`/api/admin/parts/${part.sittingPartId}/paper`, { data: { bankId: banks[0]!.id, blueprint, seed: 'rehearsal' } });
  expect(response.status(), await response.text()).toBe(200);
}

export async function partsOf(page: Page, sittingName: string): Promise<Record<'theory' | 'skills' | 'review', number>> {
  const parts = (await (await page.request.get('/api/admin/parts')).json()) as SittingPartSummary[];
  const ids = Object.fromEntries(parts.filter((p) => p.sittingName.includes(sittingName)).map((p) => [p.kind, p.sittingPartId]));
  return ids as Record<'theory' | 'skills' | 'review', number>;
}

/** 人员安排: the room's proctor, the skills tasks' graders (task 1 double-marked), the review panel. */
export async function staffSitting(page: Page, sittingName: string, setup: { room?: string; proctor?: RegExp; graders?: string[]; arbitrator?: string; panel?: { chair: string; members: string[] } }) {
  await page.getByTestId('admin-nav-staffing').click();
  await page.getByTestId('staffing-sitting').click();
  await page.getByRole('option', { name: sittingName }).click();
  if (setup.room && setup.proctor) {
    const row = page.getByTestId(`room-proctors-${setup.room}`);
    await row.getByTestId('room-proctors-select').click();
    await page.getByRole('option', { name: setup.proctor }).click();
    await row.getByTestId('room-proctors-save').click();
    await expect(row.getByTestId('room-proctors-saved')).toBeVisible();
  }
  if (setup.graders) {
    // Task 1 is double-marked by two named graders with a third as arbitrator; the other tasks
    // stay open to every grader (a task nobody was named for can be marked by anyone).
    const task = page.getByTestId('task-staffing-1');
    for (const grader of setup.graders) {
      await task.getByRole('textbox', { name: '阅卷员' }).click();
      await page.getByRole('option', { name: new RegExp(grader) }).click();
    }
    await page.keyboard.press('Escape');
    await task.getByRole('switch', { name: '双评' }).check({ force: true });
    await task.getByRole('textbox', { name: '仲裁阈值（分）' }).fill('1');
    await task.getByRole('textbox', { name: '仲裁人' }).click();
    await page.getByRole('option', { name: new RegExp(setup.arbitrator!) }).click();
    await task.getByTestId('task-staffing-save').click();
    await expect(task).toContainText('已保存');
  }
  if (setup.panel) {
    const { chair, members } = setup.panel;
    // A dropdown still opening can swallow the click on its option: choose until the form shows it.
    await expect(async () => {
      await page.getByTestId('panel-chair').click();
      await page.getByRole('option', { name: new RegExp(chair) }).click({ timeout: 5_000 });
      await expect(page.getByTestId('panel-chair')).toHaveValue(new RegExp(chair), { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    for (const m of members) {
      await expect(async () => {
        await page.getByTestId('panel-members').click();
        await page.getByRole('option', { name: new RegExp(m) }).click({ timeout: 5_000 });
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('panel-save')).toBeEnabled({ timeout: 2_000 });
      }).toPass({ timeout: 30_000 });
    }
    await page.getByTestId('panel-save').click();
    await expect(page.getByText('已保存')).toBeVisible();
  }
}

/** 准考证: the room's admission tickets as one PDF, one page per candidate, read back as text. */
export async function printRoomTickets(page: Page, planTitle: string, room: string): Promise<string[]> {
  await page.getByTestId('admin-nav-plans').click();
  const row = page.locator('[data-testid^="plan-"]', { hasText: planTitle }).locator('tr[data-testid^="room-"]', { hasText: room });
  const [download] = await Promise.all([page.waitForEvent('download'), row.locator('[data-testid$="-tickets"]').click()]);
  return pdfPageTexts(new Uint8Array(fs.readFileSync(await download.path())));
}
