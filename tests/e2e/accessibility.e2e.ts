import { expect, test, type Locator, type Page, type Route } from '@playwright/test';
import { axeFindings, describeFindings, scanBothLanguages, type Finding } from './axe.ts';
import { loginAdmin, loginCandidate, loginStaff } from './login.ts';

// Reserved for this file: no other e2e test uses this ticket.
const TICKET = '2026040110';
const APPLICANT = { username: 'a11y.applicant', name: '韩梅', password: 'a11y-pass-1' };

/** Signs out by dropping the session cookie: faster than the logout dialog, which is not under test here. */
async function signOut(page: Page) {
  await page.context().clearCookies();
  await page.goto('/');
}

/** The pages of one journey, each checked in zh-CN and en; failures are collected and reported together, so one run names them all. */
function checker(page: Page) {
  const findings: Finding[] = [];
  return {
    findings,
    scan: async (name: string, ready: (p: Page) => Locator) => {
      findings.push(...(await scanBothLanguages(page, name, ready)));
    },
    /** A state a reload would not restore (an open dialog, a later item): checked in Chinese only. */
    scanHere: async (name: string, ready: Locator) => {
      await expect(ready).toBeVisible();
      findings.push(...(await axeFindings(page, name, 'zh-CN')));
    },
    done: () => expect(findings, describeFindings(findings)).toEqual([]),
  };
}

// One server and its seeded exam; each role's journey is a test of its own, so a failure names its pages.
test.setTimeout(600_000);

test('login and registration pages have no serious or critical axe violations in zh-CN and en', async ({ page }) => {
  const { scan, done } = checker(page);
  await page.goto('/');
  await scan('login', (p) => p.getByTestId('login-submit'));
  // Registration, as a new applicant.
  await page.goto('/register');
  await scan('register', (p) => p.getByTestId('applicant-submit'));
  await page.getByTestId('applicant-tab-register').click();
  await page.getByTestId('applicant-username').fill(APPLICANT.username);
  await page.getByTestId('applicant-display-name').fill(APPLICANT.name);
  await page.getByTestId('applicant-password').fill(APPLICANT.password);
  await page.getByTestId('applicant-submit').click();
  await expect(page).toHaveURL(/\/apply$/);
  await scan('apply home', (p) => p.getByTestId('new-application'));
  await page.goto('/apply/new');
  await scan('new application', (p) => p.getByTestId('apply-submit'));
  const plans = (await (await page.request.get('/api/registration/plans')).json()) as { id: number }[];
  const created = await page.request.post('/api/registration/applications', {
    data: {
      planId: plans[0]!.id,
      level: 4,
      form: {
        name: APPLICANT.name,
        idNumber: '110105199003071239',
        phone: '13800000001',
        education: { level: 'secondary', major: '计算机应用', school: '第一职业中学', graduationDate: '2010-06-30', graduatingThisYear: false },
        certificates: [],
        yearsOfWork: 0,
        professionalTechnical: false,
      },
    },
  });
  expect(created.ok()).toBe(true);
  const applicationId = ((await created.json()) as { id: number }).id;
  await page.goto(`/apply/${applicationId}`);
  await scan('application', (p) => p.getByTestId('application-status'));
  done();
});

test('the candidate\'s pages (overview, 考生须知, theory, submitted, skills) have no serious or critical axe violations', async ({ page }) => {
  const { scan, scanHere, done } = checker(page);
  await loginCandidate(page, TICKET);
  await scan('candidate overview', (p) => p.getByTestId('start-theory'));
  await page.getByTestId('start-theory').click();
  await scan('instructions', (p) => p.getByTestId('instructions-start'));
  await page.getByTestId('instructions-confirm').check();
  await page.getByTestId('instructions-start').click();
  // Each transition is waited for before a scan reloads the page, or the reload would cancel it.
  await expect(page.getByTestId('item-1')).toBeVisible();
  await scan('theory', (p) => p.getByTestId('item-1'));
  await page.getByTestId('submit-button').click();
  await scanHere('theory submit dialog', page.getByTestId('submit-confirm'));
  await page.getByTestId('submit-confirm').click();
  await expect(page.getByTestId('session-ended')).toBeVisible();
  await scan('submitted', (p) => p.getByTestId('session-ended'));
  await page.getByTestId('back-to-overview').click();
  await page.getByTestId('start-skills').click();
  await page.getByTestId('instructions-confirm').check();
  await page.getByTestId('instructions-start').click();
  await expect(page.getByTestId('item-1')).toBeVisible();
  await scan('skills (short answer)', (p) => p.getByTestId('item-1'));
  await page.getByTestId('nav-item-3').click();
  await scanHere('skills (practical task)', page.getByTestId('item-3'));
  done();
});

test('the proctor and grader pages have no serious or critical axe violations', async ({ page }) => {
  const { scan, scanHere, done } = checker(page);
  await loginStaff(page, 'proctor', 'proctor123', /\/proctor$/);
  await scan('proctor', (p) => p.getByTestId('proctor-live'));
  await signOut(page);

  // Grader: the task list, a script and the screenshot viewer.
  await loginStaff(page, 'grader', 'grader123', /\/grading$/);
  await scan('grading', (p) => p.getByTestId('grading-tasks'));
  await page.getByTestId('grading-mode').getByText('按考生阅卷').click();
  await page.getByTestId('open-1-1').click();
  await scanHere('grader script', page.getByTestId('script-marker'));
  for (let position = 1; position <= 5 && (await page.getByTestId('screenshot-thumb-1').count()) === 0; position += 1) {
    await page.getByTestId('mark-cancel').click();
    await page.getByTestId(`open-1-${position + 1}`).click();
    await expect(page.getByTestId('script-marker')).toBeVisible();
  }
  await page.getByTestId('screenshot-thumb-1').click();
  await scanHere('screenshot viewer', page.getByTestId('viewer-image'));
  await page.keyboard.press('Escape');
  await page.getByTestId('mark-cancel').click();
  done();
});

test('every admin page has no serious or critical axe violations', async ({ page }) => {
  const { scan, scanHere, done } = checker(page);
  await loginAdmin(page);
  const adminPages: [string, string, (p: Page) => Locator][] = [
    ['admin results', '/admin', (p) => p.getByTestId('admin-nav-plans')],
    ['banks', '/admin/banks', (p) => p.getByTestId('banks-table')],
    ['papers', '/admin/papers', (p) => p.getByTestId('paper-part')],
    ['applications', '/admin/applications', (p) => p.getByTestId('queue-filter')],
    ['audit', '/admin/audit', (p) => p.getByTestId('audit-table')],
    ['plans', '/admin/plans', (p) => p.getByTestId('new-plan')],
    ['staffing', '/admin/staffing', (p) => p.getByTestId('staffing-sitting')],
    ['staff accounts', '/admin/staff', (p) => p.getByTestId('staff-table')],
    ['staff home', '/staff', (p) => p.getByTestId('staff-name')],
  ];
  for (const [name, path, ready] of adminPages) {
    await page.goto(path);
    await scan(name, ready);
  }
  // A panel still loading shows the spinner every page uses: held here so the scan sees it for sure
  // (CI once met it by chance, unnamed to screen readers, and failed).
  const held: Route[] = [];
  await page.route('**/api/admin/parts/*/results', (route) => void held.push(route));
  await page.goto('/admin');
  await scanHere('a panel loading', page.getByTestId('spinner').first());
  await page.unroute('**/api/admin/parts/*/results');
  await Promise.all(held.map((route) => route.continue()));
  // The review page needs an application: the registration test above makes one when the file runs whole.
  await page.goto('/admin/applications');
  await expect(page.getByTestId('queue-filter')).toBeVisible();
  if ((await page.getByTestId('queue-open').count()) > 0) {
    await page.getByTestId('queue-open').first().click();
    await scan('application review', (p) => p.getByTestId('review-status'));
  }
  await page.goto('/admin/banks');
  await page.getByTestId('banks-table').getByRole('link').first().click();
  await scan('bank', (p) => p.getByTestId('bank-title'));

  done();
});
