import { useSyncExternalStore } from 'react';

/** seb.missing (not in SEB) or seb.mismatch (SEB with other settings): the server's refusal keys. */
export type SebRefusalKey = 'seb.missing' | 'seb.mismatch';
/** The refusal, with the sitting's quit URL when SEB with other settings was refused (its only way out). */
export type SebRefusal = { key: SebRefusalKey; quitUrl: string | null };

let refused: SebRefusal | null = null;
const listeners = new Set<() => void>();

const set = (next: SebRefusal | null) => {
  if (next?.key === refused?.key && next?.quitUrl === refused?.quitUrl) return;
  refused = next;
  for (const l of listeners) l();
};

export const isSebRefusal = (key: unknown): key is SebRefusalKey => key === 'seb.missing' || key === 'seb.mismatch';

/** The candidate API or the socket refused this browser: the candidate pages show the refusal instead. */
export function reportSebRefusal(key: SebRefusalKey, params?: Record<string, unknown>): void {
  const quitUrl = key === 'seb.mismatch' && typeof params?.quitUrl === 'string' && /^https?:\/\//i.test(params.quitUrl) ? params.quitUrl : null;
  set({ key, quitUrl });
}

/** A request or connection got through: the refusal (if any) no longer holds. */
export function clearSebRefusal(): void {
  set(null);
}

export function useSebRefusal(): SebRefusal | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => refused,
  );
}
