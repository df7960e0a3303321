import { expect, type Page } from '@playwright/test';
import { PNG_1X1 } from '../../helpers/documents.ts';
import { logout } from './day.ts';

export const APPLICANT = { username: 'chen.rehearsal@example.com', password: 'rehearsal-pw-1', name: '陈彩排', idNumber: '440524198505051118' };

async function pick(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
}

/**
 * 网上报名: the applicant registers, applies for level 4 in the plan with a photo, the office
 * approves, and the applicant reads the ticket number off the admission ticket.
 */
export async function applyAndGetTicket(applicant: Page, office: Page, planTitle: string): Promise<string> {
  await applicant.goto('/register');
  await applicant.getByTestId('applicant-tab-register').click();
  await applicant.getByTestId('applicant-username').fill(APPLICANT.username);
  await applicant.getByTestId('applicant-display-name').fill(APPLICANT.name);
  await applicant.getByTestId('applicant-password').fill(APPLICANT.password);
  await applicant.getByTestId('applicant-submit').click();
  await expect(applicant).toHaveURL(/\/apply$/);
  await applicant.getByTestId('new-application').click();
  await pick(applicant, 'apply-plan', planTitle);
  await pick(applicant, 'apply-level', '四级/中级工');
  await applicant.getByTestId('apply-name').fill(APPLICANT.name);
  await applicant.getByTestId('apply-id-number').fill(APPLICANT.idNumber);
  await applicant.getByTestId('apply-phone').fill('13800000001');
  await applicant.getByTestId('apply-major').fill('计算机网络技术');
  await applicant.getByTestId('apply-school').fill('广州职业技术学院');
  await applicant.getByTestId('apply-graduation-date').fill('2008-06-30');
  await applicant.getByTestId('apply-years').fill('3');
  await applicant.getByTestId('apply-submit').click();
  await expect(applicant).toHaveURL(/\/apply\/\d+$/);
  await expect(applicant.getByTestId('application-status')).toHaveText('待审核');
  // The photo the proctor compares at the door (人证核验).
  await applicant.locator('input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG_1X1 });
  await applicant.getByTestId('document-kind').click();
  await applicant.getByRole('option', { name: /本人证件照/ }).click();
  await applicant.getByTestId('document-upload').click();
  await expect(applicant.getByTestId('documents')).toContainText('photo.png');

  await office.getByTestId('admin-nav-applications').click();
  await office.getByTestId('queue').getByRole('link', { name: APPLICANT.name }).click();
  await expect(office.getByTestId('documents')).toContainText('photo.png');
  await office.getByTestId('review-approve').click();
  await expect(office.getByTestId('ticket-room')).toBeVisible();

  await applicant.reload();
  await expect(applicant.getByTestId('application-status')).toHaveText('已通过');
  await applicant.getByTestId('view-ticket').click();
  await expect(applicant.getByTestId('ticket-name')).toHaveText(APPLICANT.name);
  const ticketNo = ((await applicant.getByTestId('ticket-ticketNo').textContent()) ?? '').trim();
  await logout(applicant);
  return ticketNo;
}
