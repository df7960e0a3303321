import type { AnswerSave } from '@shared/events.ts';
import { journalFileAad } from '@shared/journal-file-aad.ts';
import type { JournalEntry, JournalFile } from '@shared/latesync.ts';

/**
 * The journal as a file, for when the browser cannot reach the server at all: AES-256-GCM with the
 * key the server gave this session at its start (Web Crypto, no library), the session bound in as
 * associated data. The proctor uploads it on the console; the server opens it with the same key.
 */

/** Entries that carry the journal's stamps; older ones (made before stamps existed) cannot be reviewed. */
export const stampedEntries = (entries: readonly AnswerSave[]): JournalEntry[] => entries.filter((e): e is JournalEntry => typeof e.madeAt === 'number' && typeof e.seq === 'number');

const toBase64 = (bytes: Uint8Array) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

export function canSealJournal(): boolean {
  // Web Crypto needs a secure context (https or localhost).
  return typeof crypto !== 'undefined' && typeof crypto.subtle?.encrypt === 'function';
}

export async function sealJournal(sessionId: number, keyB64: string, entries: readonly JournalEntry[], savedAt: number, subtle: SubtleCrypto = crypto.subtle): Promise<JournalFile> {
  const key = await subtle.importKey('raw', fromBase64(keyB64), { name: 'AES-GCM' }, false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify({ sessionId, savedAt, entries }));
  const sealed = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(journalFileAad(sessionId)) }, key, plain);
  return { format: 'kaochang-journal', v: 1, sessionId, iv: toBase64(iv), data: toBase64(new Uint8Array(sealed)) };
}

/** Offers the file as a download (a click on a temporary link: works offline, no server round trip). */
export function downloadJournalFile(file: JournalFile, name: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
