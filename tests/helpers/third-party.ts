import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/**
 * Bank files written by others (Moodle's and IMS's own test files, real Chinese templates) live
 * beside the project in ../shared/fixtures/qbank and are never copied into it (licences). CI always
 * has them (.ci/run refuses to run without); a newcomer's clone does not, and then the tests that
 * read them are skipped and tests/helpers/third-party-notice.ts says so in one line.
 */
export const thirdPartyBankDir = path.resolve(fileURLToPath(new URL('../../../shared/fixtures/qbank', import.meta.url)));

export const hasThirdPartyBanks = fs.existsSync(thirdPartyBankDir);

/** One file of the corpus, e.g. `thirdPartyBank('qti21', 'choice.xml')`. */
export function thirdPartyBank(...parts: string[]): Buffer {
  return fs.readFileSync(thirdPartyBankPath(...parts));
}

export function thirdPartyBankPath(...parts: string[]): string {
  return path.join(thirdPartyBankDir, ...parts);
}

/** `it`/`describe` that run only when the corpus is there. */
export const itWithThirdPartyBanks = it.skipIf(!hasThirdPartyBanks);
export const describeWithThirdPartyBanks = describe.skipIf(!hasThirdPartyBanks);
