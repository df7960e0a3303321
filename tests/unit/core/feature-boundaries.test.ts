import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js') });

/** The messages of the dependency rule for `code` placed at `file` (which need not exist). */
async function refusals(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('the dependency rule between features (eslint.config.js, run by npm test)', () => {
  it("refuses a value import of another feature's module", async () => {
    const [message] = await refusals('server/src/features/evidence/probe.ts', "import { createExamDal } from '../exam/exam-dal.ts';\n");
    expect(message).toMatch(/features\/evidence imports only core\//);
  });

  it('refuses it from a subfolder too, and through a path that names features/', async () => {
    expect(await refusals('server/src/features/banks/formats/probe.ts', "import { createExamDal } from '../../exam/exam-dal.ts';\n")).toHaveLength(1);
    expect(await refusals('server/src/features/banks/probe.ts', "import { createExamDal } from '../../features/exam/exam-dal.ts';\n")).toHaveLength(1);
    expect(await refusals('server/src/features/banks/probe.ts', "export { createExamDal } from '../exam/exam-dal.ts';\n")).toHaveLength(1);
  });

  it('admits types of other features, core, shared, the own folder and the published pure modules', async () => {
    const code = [
      "import type { SessionRow } from '../exam/exam-dal.ts';",
      "import { type SessionAccess } from '../exam/session-access.ts';",
      "import { appendAudit } from '../../core/audit.ts';",
      "import { acceptsEvidence } from '@shared/evidence.ts';",
      "import { createEvidenceDal } from './evidence-dal.ts';",
      "import { scorePart } from '../exam/scoring.ts';",
      '',
    ].join('\n');
    expect(await refusals('server/src/features/evidence/probe.ts', code)).toEqual([]);
    expect(await refusals('server/src/features/banks/formats/probe.ts', "import { createBanksDal } from '../banks-dal.ts';\n")).toEqual([]);
  });

  it('keeps core below every feature, types included', async () => {
    expect(await refusals('server/src/core/probe.ts', "import type { AuthService } from '../features/auth/auth-service.ts';\n")).toHaveLength(1);
  });
});
