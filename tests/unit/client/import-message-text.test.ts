import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { withWordedReason, type Word } from '../../../client/src/admin/importMessageText.ts';
import { en } from '../../../client/src/i18n/en.ts';
import { zhCN } from '../../../client/src/i18n/zh-CN.ts';
import { importBank } from '../../../server/src/features/banks/formats/index.ts';

const lines = fileURLToPath(new URL('../../fixtures/qbank/report-lines/lines-package.zip', import.meta.url));

describe('a report line naming a refusal, in the page language', () => {
  const i18n = i18next.createInstance();
  beforeAll(() => i18n.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, interpolation: { escapeValue: false } }));
  // Keys made at run time, as the page's hook makes them (client/src/admin/useImportMessageText.ts).
  const t = (key: string, params: Record<string, string | number>) => i18n.t(key as never, params) as string;
  const word: Word = (key, params) => (i18n.exists(key) ? t(key, params) : null);
  const text = (m: { key: string; params?: Record<string, string | number> }) => t(`importMessages.${m.key}`, withWordedReason(m.params ?? {}, word));

  it("words the refusal of a package's unreadable document, not the server's English", async () => {
    const { report } = await importBank(fs.readFileSync(lines), { fileName: 'lines-package.zip', idPrefix: 'K', levels: [4], area: 'network-basics', difficulty: 3 });
    const line = report.flatMap((e) => e.messages).find((m) => m.key === 'import.documentUnreadable')!;
    expect(line.params?.reasonKey).toBe('xml.malformed');
    await i18n.changeLanguage('zh-CN');
    const zh = text(line);
    expect(zh).toContain('items/broken.xml');
    expect(zh).toContain('XML 格式不正确');
    expect(zh).not.toContain(String(line.params?.reason));
    await i18n.changeLanguage('en');
    expect(text(line)).toContain('The XML is not well formed');
  });

  it("keeps the server's text where the reason has no key, or a key this page does not know", () => {
    expect(withWordedReason({ reason: 'boom' }, word)).toEqual({ reason: 'boom' });
    expect(withWordedReason({ reason: 'boom', reasonKey: 'no.suchKey' }, word)).toMatchObject({ reason: 'boom' });
  });
});
