import { defaultSebOptions } from '../shared/seb.ts';
import { configKeyOf } from '../server/src/features/seb/config-key.ts';
import { keyHash } from '../server/src/features/seb/request-check.ts';
import { sebFile } from '../server/src/features/seb/seb-file.ts';
import { createSebGuard } from '../server/src/features/seb/seb-guard.ts';
import { plistXml, sebPlist } from '../server/src/features/seb/seb-plist.ts';

/**
 * `npx tsx bench/seb.ts`: what the SEB checks cost the server. A checked request rebuilds its URL
 * and hashes it with the Config Key and each listed Browser Exam Key; the policy itself is cached.
 */
const CONFIG_KEY = 'a'.repeat(64);
const BEKS = ['b'.repeat(64), 'c'.repeat(64)];
const guard = createSebGuard({ policyOf: () => ({ configKey: CONFIG_KEY, browserExamKeys: BEKS, quitUrl: null }), trustProxy: false });
const url = 'http://192.168.10.5:3000/api/candidate/overview';
const request = {
  protocol: 'http' as const,
  host: '192.168.10.5:3000',
  url: '/api/candidate/overview',
  // The last listed key, so every listed one is tried.
  headers: { 'x-safeexambrowser-configkeyhash': keyHash(url, CONFIG_KEY), 'x-safeexambrowser-requesthash': keyHash(url, BEKS[1]!) },
};

async function perCall(label: string, n: number, fn: () => unknown, unit: 'µs' | 'ms') {
  for (let i = 0; i < Math.min(n, 1000); i++) await fn(); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  const ns = Number(process.hrtime.bigint() - t0) / n;
  console.log(`${label.padEnd(52)} ${(unit === 'µs' ? ns / 1e3 : ns / 1e6).toFixed(2)} ${unit}`);
}

const options = defaultSebOptions('http://192.168.10.5:3000/');
const xml = plistXml(sebPlist(options, null));
await perCall('checkRequest (Config Key + 2 listed BEKs)', 200_000, () => guard.checkRequest(request, 1), 'µs');
await perCall('Config Key of a sitting’s settings', 20_000, () => configKeyOf(sebPlist(options, null)), 'µs');
await perCall('.seb file, plain', 200, () => sebFile(xml), 'ms');
await perCall('.seb file, password-encrypted (PBKDF2 off the loop)', 20, () => sebFile(xml, 'exam-room-file-pw'), 'ms');
