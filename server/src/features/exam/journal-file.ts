import { createDecipheriv, createHmac } from 'node:crypto';
import { journalFileAad, journalFilePlainSchema, type JournalFile, type JournalFilePlain } from '@shared/latesync.ts';
import { BadRequestError } from '../../core/errors.ts';

/**
 * Offline journal files (shared/latesync.ts). Each session's key is derived from one server secret
 * (HMAC-SHA-256 of the session id), so nothing per session is stored and a key opens its own
 * session's files only. The candidate holds the key (the browser encrypts with it): the file is
 * bound to the session and cannot be altered unnoticed in transit, but its content is still only the
 * candidate's word, which is why the same review and deadline rules apply as to a socket request.
 */

const GCM_TAG_BYTES = 16;

export function journalKeyFor(secret: Buffer, sessionId: number): Buffer {
  return createHmac('sha256', secret).update(journalFileAad(sessionId)).digest();
}

const refused = (why: string) => new BadRequestError(`The journal file cannot be opened: ${why}`, { key: 'lateSync.fileRefused' });

/** Opens a file with its own session's key; any other session's key, or any changed byte, fails. */
export function openJournalFile(file: JournalFile, key: Buffer): JournalFilePlain {
  const iv = Buffer.from(file.iv, 'base64');
  const sealed = Buffer.from(file.data, 'base64');
  if (iv.length !== 12 || sealed.length <= GCM_TAG_BYTES) throw refused('malformed');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(Buffer.from(journalFileAad(file.sessionId), 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES));
    plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - GCM_TAG_BYTES)), decipher.final()]);
  } catch {
    throw refused('not made for this session, or changed');
  }
  let parsed: JournalFilePlain;
  try {
    parsed = journalFilePlainSchema.parse(JSON.parse(plain.toString('utf8')));
  } catch {
    throw refused('unreadable content');
  }
  if (parsed.sessionId !== file.sessionId || parsed.entries.some((e) => e.sessionId !== file.sessionId)) throw refused('entries of another session');
  return parsed;
}
