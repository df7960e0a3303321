import { useSyncExternalStore } from 'react';

/** seb.missing (not in SEB) or seb.mismatch (SEB with other settings): the server's refusal keys. */
export type SebRefusalKey = 'seb.missing' | 'seb.mismatch';

let refused: SebRefusalKey | null = null;
const listeners = new Set<() => void>();

const set = (next: SebRefusalKey | null) => {
  if (next === refused) return;
  refused = next;
  for (const l of listeners) l();
};

export const isSebRefusal = (key: unknown): key is SebRefusalKey => key === 'seb.missing' || key === 'seb.mismatch';

/** The candidate API or the socket refused this browser: the candidate pages show the refusal instead. */
export function reportSebRefusal(key: SebRefusalKey): void {
  set(key);
}

/** A request or connection got through: the refusal (if any) no longer holds. */
export function clearSebRefusal(): void {
  set(null);
}

export function useSebRefusal(): SebRefusalKey | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => refused,
  );
}
