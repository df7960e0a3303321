import { expect, type Page } from '@playwright/test';

/**
 * The localisation guard's detector: finds what a zh-CN screen shows that is not in the UI's
 * language — an English sentence, an English label on a control, a raw code (UNSUPPORTED_IMAGE,
 * awayMs, errors.detail.x, snake_case), JSON or "undefined". Any page of any test can call
 * `expectChineseOnly(page, 'where')` after it has provoked its errors.
 *
 * Technical tokens are allowed (ID, PDF, CSV, SSH, IP, URL, SEB, QTI…), and so are numbers and
 * dates. Content that is not UI (an item's stem, a file's name, a person's login) is skipped when it
 * sits inside an element with translate="no" or data-l10n-skip, the HTML way of saying "not to be
 * translated".
 */
export const TECHNICAL_TOKENS: readonly string[] = [
  'ID', 'PDF', 'CSV', 'SSH', 'IP', 'URL', 'SEB', 'QTI', 'GIFT', 'Aiken', 'Moodle', 'XML', 'XLSX', 'Excel', 'YAML', 'Markdown',
  'PNG', 'JPEG', 'JPG', 'WebP', 'MB', 'KB', 'GB', 'HTTP', 'HTTPS', 'BEK', 'Safe', 'Exam', 'Browser', 'Config', 'Key', 'TCP', 'UDP', 'DNS',
  'Linux', 'Windows', 'Chrome', 'Chromium', 'CPU', 'OK', 'English', 'A', 'B', 'C', 'D', 'E', 'F', 'AM', 'PM',
];

export type Finding = { rule: 'sentence' | 'label' | 'code' | 'json'; text: string; where: string };

/** Runs in the page: every visible text (and placeholder) with the rule it breaks, if any. */
function scan(allowed: readonly string[]): Finding[] {
  const allow = new Set(allowed.map((t) => t.toLowerCase()));
  const findings: Finding[] = [];
  const skipped = (el: Element | null) => !!el?.closest('[translate="no"], [data-l10n-skip], script, style, noscript, code, pre, svg, title');
  const visible = (el: Element) => (typeof el.checkVisibility === 'function' ? el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) : true);
  const whereOf = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && parts.length < 3; e = e.parentElement) {
      const id = e.getAttribute('data-testid');
      parts.unshift(id ? `${e.tagName.toLowerCase()}[data-testid=${id}]` : e.tagName.toLowerCase());
      if (id) break;
    }
    return parts.join(' > ');
  };
  // Words of two or more Latin letters that are not technical tokens.
  const foreignWords = (text: string) => (text.match(/[A-Za-z][A-Za-z'’-]*[A-Za-z]/g) ?? []).filter((w) => !allow.has(w.toLowerCase()));
  const CODE = [
    /\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/, // UNSUPPORTED_IMAGE
    /\b[a-z]+(?:_[a-z]+)+\b/, // force_submit, page_hidden
    /\b[a-z]+[A-Z][A-Za-z]*\b/, // awayMs, sittingId
    /\b(?:errors|app|audit|proctor|grading|exam|plans?|registration|skills|bank|papers|staff|seb)\.[a-zA-Z]+(?:\.[a-zA-Z]+)*\b/, // i18n keys, action codes
    /\bundefined\b|\bNaN\b|\[object Object\]|\bnull\b/,
  ];
  const JSONISH = /[{[]\s*"[^"]+"\s*:|"\s*:\s*["{[\d]/;
  const LABEL_TAGS = new Set(['BUTTON', 'LABEL', 'TH', 'H1', 'H2', 'H3', 'H4', 'LEGEND', 'OPTION', 'A']);

  const check = (text: string, el: Element, asLabel: boolean) => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (!t) return;
    const where = whereOf(el);
    if (JSONISH.test(t)) return findings.push({ rule: 'json', text: t, where });
    const code = CODE.find((re) => re.test(t));
    if (code) return findings.push({ rule: 'code', text: t, where });
    // Three foreign words in a row make a sentence (or most of one).
    const runs = t.split(/[^A-Za-z'’ -]+/).map((run) => foreignWords(run));
    if (runs.some((words) => words.length >= 3)) return findings.push({ rule: 'sentence', text: t, where });
    // A control or heading worded only in English ("Save", "Loading").
    const control = asLabel || LABEL_TAGS.has(el.tagName) || !!el.closest('button, label, th, [role=tab], [role=option], [role=alert], h1, h2, h3, h4');
    if (control && !/[\u4e00-\u9fff]/.test(t) && foreignWords(t).some((w) => /[a-z]/.test(w) && w.length >= 3)) findings.push({ rule: 'label', text: t, where });
  };

  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || skipped(el) || !visible(el)) continue;
    check(node.textContent ?? '', el, false);
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (!skipped(el) && visible(el)) check(el.getAttribute('placeholder') ?? '', el, true);
  }
  return findings;
}

/** What the page shows now that is not zh-CN (or an allowed technical token). */
export async function foreignText(page: Page, extraTokens: readonly string[] = []): Promise<Finding[]> {
  return page.evaluate(scan, [...TECHNICAL_TOKENS, ...extraTokens]);
}

/**
 * Fails the test with every finding listed, named by `where` (the page and what was provoked).
 * Waits for the page to settle first: a spinner or a lazy chunk is not a finding.
 */
export async function expectChineseOnly(page: Page, where: string, opts: { extraTokens?: readonly string[]; soft?: boolean } = {}): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  const findings = await foreignText(page, opts.extraTokens);
  // Soft: a guard visiting many pages reports every page's findings in one run.
  (opts.soft ? expect.soft : expect)(findings.map((f) => `${f.rule}: "${f.text.slice(0, 160)}" at ${f.where}`), `${where} (${page.url()})`).toEqual([]);
}
