import { hasThirdPartyBanks, thirdPartyBankDir } from './third-party.ts';

/** Vitest global setup: the one line a newcomer sees when the third-party bank corpus is absent. */
export default function thirdPartyNotice(): void {
  if (!hasThirdPartyBanks) {
    process.stdout.write(`Third-party bank files not found at ${thirdPartyBankDir}: their conformance tests are skipped (CI always runs them).\n`);
  }
}
