/**
 * The page SEB gets when it opens the exam with other settings than the sitting's: served before
 * any script, so it is plain HTML in both languages (zh-CN first), with nothing to load.
 */
const TEXT = {
  missing: {
    zh: ['请使用安全考试浏览器（SEB）参加考试', '本场考试要求使用安全考试浏览器（Safe Exam Browser）。请关闭此浏览器，打开考场提供的 .seb 配置文件，在 SEB 中重新登录。如有疑问，请举手联系监考员。'],
    en: ['Open the exam in Safe Exam Browser', 'This sitting must be taken in Safe Exam Browser (SEB). Close this browser, open the .seb file provided at the exam room and log in again in SEB. If in doubt, raise your hand for the proctor.'],
  },
  mismatch: {
    zh: ['安全考试浏览器的设置与本场考试不符', '此电脑上的 SEB 没有使用本场考试的配置文件。请退出 SEB，打开考场提供的最新 .seb 配置文件后重新登录。如有疑问，请举手联系监考员。'],
    en: ['Safe Exam Browser is not using this sitting’s settings', 'SEB on this computer was not started with this sitting’s configuration file. Quit SEB, open the current .seb file provided at the exam room and log in again. If in doubt, raise your hand for the proctor.'],
  },
} as const;

const QUIT = { zh: '退出安全考试浏览器', en: 'Quit Safe Exam Browser' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `quitUrl`: the sitting's, when set. SEB with other settings is locked down, and its quit URL is the way out to open the right file. */
export function sebRefusalPage(verdict: 'missing' | 'mismatch', quitUrl: string | null = null): string {
  const t = TEXT[verdict];
  const quit = quitUrl ? `<p><a href="${escapeHtml(quitUrl)}" data-testid="seb-quit-link">${QUIT.zh} · <span lang="en">${QUIT.en}</span></a></p>\n` : '';
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.zh[0]} · ${t.en[0]}</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#1a1b1e}h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem}p{font-size:1.05rem}</style></head>
<body><main role="alert">
<h1>${t.zh[0]}</h1><p>${t.zh[1]}</p>
${quit}<section lang="en"><h2>${t.en[0]}</h2><p>${t.en[1]}</p></section>
</main></body></html>
`;
}
