import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { pdfPageTexts } from '../helpers/pdf-text.ts';
import { writeZip } from '../helpers/zip-writer.ts';
import { loginAdmin } from './login.ts';

const DAY = 86_400_000;
/** A 2×2 RGB PNG that decodes (the server checks photos by content). */
const PNG_2X2 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFUlEQVR4nGM4IScnd0KOAUg8e/YMAB/aBb/stoZyAAAAAElFTkSuQmCC', 'base64');
/** A datetime-local value in the browser's (and this machine's) time zone. */
const local = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

test('an administrator creates a plan in the UI, edits the theory duration, renames the room and moves a candidate', async ({ page }) => {
  const title = `E2E 考场编辑计划 ${Date.now()}`;
  const startsAt = Date.now() + 40 * DAY;
  await loginAdmin(page);
  await page.getByTestId('admin-nav-plans').click();
  await page.getByTestId('new-plan').click();
  await page.getByTestId('new-plan-title').fill(title);
  await page.getByTestId('new-plan-date').fill(local(startsAt).slice(0, 10));
  // Registration closing after the sitting starts: the server's own message is shown.
  await page.getByTestId('new-plan-deadline').fill(local(startsAt + DAY));
  await page.getByTestId('new-sitting-0-level').selectOption('4');
  await page.getByTestId('new-sitting-0-name').fill('四级 E2E 场');
  await page.getByTestId('new-sitting-0-starts').fill(local(startsAt));
  await page.getByTestId('new-sitting-0-room-0-name').fill('E201');
  await page.getByTestId('new-sitting-0-room-0-seats').fill('6');
  await page.getByTestId('new-plan-submit').click();
  await expect(page.getByTestId('new-plan-error')).toContainText('每个场次都必须在报名截止之后开始');

  await page.getByTestId('new-plan-deadline').fill(local(startsAt - 10 * DAY));
  await page.getByTestId('new-plan-submit').click();
  await expect(page.getByTestId('new-plan-created')).toContainText(title);
  const plan = page.locator('[data-testid^="plan-"]', { hasText: title });
  await expect(plan).toContainText('四级 E2E 场');

  // The theory part: 90 minutes by default, 100 after the edit.
  const theory = plan.locator('[data-testid^="part-"]', { hasText: '理论知识考试' });
  await expect(theory).toContainText('90 分钟');
  await theory.locator('[data-testid$="-edit"]').click();
  await plan.locator('[data-testid$="-duration"]').fill('100');
  await plan.locator('[data-testid$="-save"]').click();
  await expect(plan.locator('[data-testid^="part-"]', { hasText: '理论知识考试' })).toContainText('100 分钟');

  // Rename the room; the table shows the new name.
  const room = plan.locator('tr[data-testid^="room-"]', { hasText: 'E201' });
  await room.locator('[data-testid$="-edit"]').click();
  // By the input's value, not a [value] attribute: only React mirrors the value into the attribute.
  const roomName = plan.locator('tr[data-testid^="room-"] input[data-testid$="-name"]');
  await expect(roomName).toHaveValue('E201');
  await roomName.fill('E202');
  await plan.locator('[data-testid^="room-"][data-testid$="-save"]').click();
  await expect(plan.locator('tr[data-testid^="room-"]')).toContainText('E202');
  await expect(plan.locator('tr[data-testid^="room-"]')).not.toContainText('E201');

  // Two candidates through the roster (one with accommodations in its 考试便利 column, a third whose
  // column is not understood), then one moved to seat 05 from the room's seating list.
  await expect(plan.locator('[data-testid^="roster-help-"]')).toContainText('延时30分钟；大字号');
  const csv = ['姓名,身份证号,等级,考试便利', '周座位,11010519491231002X,四级,延时30分钟; 大字号', '吴座位,420106200309151236,四级,', '郑便利,440524198801010011,四级,延时很久'].join('\n');
  await plan.locator('input[type=file]').first().setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await plan.locator('[data-testid^="roster-import-"]').click();
  const report = plan.getByTestId('roster-report');
  await expect(report).toContainText('已导入 2 行，错误 1 行');
  await expect(report.locator('tr', { hasText: '周座位' })).toContainText('延时30分钟; 大字号');
  await expect(report.locator('tr', { hasText: '郑便利' })).toContainText('考试便利“延时很久”无法识别');
  await expect(plan.locator('[data-testid$="-occupancy"]')).toHaveText('2/6');
  await plan.locator('tr[data-testid^="room-"] [data-testid$="-seating"]').click();
  const row = plan.locator('[data-testid^="seat-row-"]', { hasText: '吴座位' });
  await expect(row).toContainText('02');
  await row.locator('[data-testid^="move-"]').click();
  await row.locator('select[data-testid$="-seat"]').selectOption('5');
  await row.locator('[data-testid$="-confirm"]').click();
  await expect(plan.locator('[data-testid^="seat-row-"]', { hasText: '吴座位' })).toContainText('05');

  // The planned accommodations came with the roster.
  const zhou = plan.locator('[data-testid^="seat-row-"]', { hasText: '周座位' });
  await zhou.locator('[data-testid^="accommodations-"]').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('checkbox', { name: '大字号' })).toBeChecked();
  await page.keyboard.press('Escape');

  // A photo for the identity check at the door: none yet, a file that is no image refused in words, then uploaded and viewed.
  const photoOf = (name: string) => plan.locator('[data-testid^="seat-row-"]', { hasText: name });
  await expect(photoOf('吴座位').locator('[data-testid$="-state"]')).toHaveText('无照片');
  await photoOf('吴座位').locator('input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
  await expect(photoOf('吴座位').locator('[data-testid$="-error"]')).toContainText('照片须为 PNG 或 JPEG 图片');
  await photoOf('吴座位').locator('input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG_2X2 });
  await expect(photoOf('吴座位').locator('[data-testid$="-state"]')).toHaveText('有照片');
  await expect(photoOf('吴座位').locator('[data-testid$="-saved"]')).toHaveText('照片已保存');
  await expect(photoOf('周座位').locator('[data-testid$="-state"]')).toHaveText('无照片');
  await expect(photoOf('吴座位').locator('[data-testid$="-upload"]')).toHaveText('更换照片');
  await photoOf('吴座位').locator('[data-testid$="-view"]').click();
  const image = page.getByRole('dialog').getByRole('img', { name: '吴座位 的报名照片' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
  await page.keyboard.press('Escape');

  // Photos with the roster: a zip named by ID number, reported per file.
  const zip = writeZip([{ name: '11010519491231002X.png', data: PNG_2X2 }, { name: '440524198801010011.png', data: PNG_2X2 }]);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), plan.locator('button[data-testid^="photo-zip-"]:not([data-testid^="photo-zip-import-"])').click()]);
  await chooser.setFiles({ name: 'photos.zip', mimeType: 'application/zip', buffer: zip });
  await plan.locator('[data-testid^="photo-zip-import-"]').click();
  const photoReport = plan.getByTestId('photo-zip-report');
  await expect(photoReport).toContainText('已导入 1 行，错误 1 行');
  await expect(photoReport).toContainText('本考试计划没有身份证号或准考证号为 440524198801010011 的考生');
  await expect(photoOf('周座位').locator('[data-testid$="-state"]')).toHaveText('有照片');

  // The room's admission tickets as one PDF, with the new room name and seat.
  const [download] = await Promise.all([page.waitForEvent('download'), plan.locator('tr[data-testid^="room-"] [data-testid$="-tickets"]').click()]);
  const pages = await pdfPageTexts(new Uint8Array(fs.readFileSync(await download.path())));
  expect(pages).toHaveLength(2);
  expect(pages[0]).toContain('姓名 周座位');
  expect(pages[1]).toContain('姓名 吴座位');
  expect(pages[1]).toContain('考场 E202');
  expect(pages[1]).toContain('座位号 05');

  // A room can no longer shrink below the seat now taken: the server says why.
  await plan.locator('tr[data-testid^="room-"] [data-testid$="-edit"]').click();
  await plan.locator('input[data-testid^="room-"][data-testid$="-seats"]').fill('4');
  await plan.locator('[data-testid^="room-"][data-testid$="-save"]').click();
  await expect(plan.locator('[data-testid^="room-"][data-testid$="-error"]')).toContainText('该考场至少需要 5 个座位');
});
