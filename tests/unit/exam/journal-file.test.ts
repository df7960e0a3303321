import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { journalFileAad, type JournalFile } from '@shared/latesync.ts';
import { journalKeyFor, openJournalFile } from '../../../server/src/features/exam/journal-file.ts';

const secret = randomBytes(32);
const entries = [{ sessionId: 7, itemId: 3, response: { choices: ['x'] }, flagged: false, changeId: 'c1', madeAt: 100, seq: 1 }];

/** What the browser does with Web Crypto: AES-GCM, 12-byte IV, the tag appended to the ciphertext. */
function seal(sessionId: number, key: Buffer, plain: unknown, aadSession = sessionId): JournalFile {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(journalFileAad(aadSession)));
  const data = Buffer.concat([cipher.update(JSON.stringify(plain)), cipher.final(), cipher.getAuthTag()]);
  return { format: 'kaochang-journal', v: 1, sessionId, iv: iv.toString('base64'), data: data.toString('base64') };
}

describe('journal files', () => {
  it('derives a different key for every session from one secret', () => {
    expect(journalKeyFor(secret, 7)).toHaveLength(32);
    expect(journalKeyFor(secret, 7).equals(journalKeyFor(secret, 7))).toBe(true);
    expect(journalKeyFor(secret, 7).equals(journalKeyFor(secret, 8))).toBe(false);
  });

  it('opens a file sealed with its own session key', () => {
    const file = seal(7, journalKeyFor(secret, 7), { sessionId: 7, savedAt: 1, entries });
    expect(openJournalFile(file, journalKeyFor(secret, 7)).entries).toEqual(entries);
  });

  it("refuses another session's file, whatever its header says", () => {
    const other = seal(8, journalKeyFor(secret, 8), { sessionId: 8, savedAt: 1, entries: entries.map((e) => ({ ...e, sessionId: 8 })) });
    expect(() => openJournalFile({ ...other, sessionId: 7 }, journalKeyFor(secret, 7))).toThrow(/cannot be opened/);
    expect(() => openJournalFile(other, journalKeyFor(secret, 7))).toThrow(/cannot be opened/);
  });

  it('refuses a file changed by one bit', () => {
    const file = seal(7, journalKeyFor(secret, 7), { sessionId: 7, savedAt: 1, entries });
    const bytes = Buffer.from(file.data, 'base64');
    bytes[3]! ^= 1;
    expect(() => openJournalFile({ ...file, data: bytes.toString('base64') }, journalKeyFor(secret, 7))).toThrow(/cannot be opened/);
  });

  it("refuses a sealed file whose entries name another session", () => {
    const file = seal(7, journalKeyFor(secret, 7), { sessionId: 7, savedAt: 1, entries: entries.map((e) => ({ ...e, sessionId: 8 })) });
    expect(() => openJournalFile(file, journalKeyFor(secret, 7))).toThrow(/another session/);
  });
});
