import type { AnswerSave } from '@shared/events.ts';

/**
 * Local journal of answer changes the server has not acknowledged yet, so an answer given
 * while the network is down (or just before a crash/reload) is not lost. It keeps only the
 * latest pending change per item, ordered by when it was made, and survives reloads in
 * localStorage. Plain TS without React so it can be unit-tested with a fake store.
 */

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Journal {
  readonly sessionId: number;
  /** Pending changes, oldest first: the order they must be replayed in. */
  entries(): AnswerSave[];
  get(itemId: number): AnswerSave | undefined;
  /** Records a change, replacing any older pending change of the same item. */
  put(change: AnswerSave): void;
  /** Drops the item's entry only if it is still this change; a newer change must survive an older ack. */
  ack(itemId: number, changeId: string): boolean;
  size(): number;
  clear(): void;
}

const VERSION = 1;

export const journalKey = (sessionId: number) => `kc.journal.${sessionId}`;

export function browserStore(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Some locked-down browser profiles throw on mere access to localStorage.
    return null;
  }
}

function isChange(value: unknown, sessionId: number): value is AnswerSave {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const response = v.response;
  const responseOk =
    response === null ||
    (typeof response === 'object' &&
      response !== null &&
      ((Array.isArray((response as { choices?: unknown }).choices) && (response as { choices: unknown[] }).choices.every((c) => typeof c === 'string')) ||
        typeof (response as { text?: unknown }).text === 'string'));
  return (
    v.sessionId === sessionId &&
    typeof v.itemId === 'number' &&
    typeof v.flagged === 'boolean' &&
    typeof v.changeId === 'string' &&
    v.changeId.length > 0 &&
    responseOk
  );
}

function parse(raw: string | null, sessionId: number): AnswerSave[] {
  if (!raw) return [];
  try {
    const data: unknown = JSON.parse(raw);
    if (typeof data !== 'object' || data === null || (data as { v?: unknown }).v !== VERSION) return [];
    const entries = (data as { entries?: unknown }).entries;
    return Array.isArray(entries) ? entries.filter((e): e is AnswerSave => isChange(e, sessionId)) : [];
  } catch {
    return [];
  }
}

export function openJournal(sessionId: number, store: KeyValueStore | null = browserStore()): Journal {
  const key = journalKey(sessionId);
  // Mirrors the store so the journal keeps working in memory when storage is full or forbidden.
  let memory: AnswerSave[] = [];

  const read = (): AnswerSave[] => {
    if (!store) return memory;
    try {
      // Re-read every time: another tab of the same session may have written meanwhile.
      memory = parse(store.getItem(key), sessionId);
    } catch {
      /* keep the in-memory copy */
    }
    return memory;
  };

  const write = (entries: AnswerSave[]) => {
    memory = entries;
    if (!store) return;
    try {
      if (entries.length === 0) store.removeItem(key);
      else store.setItem(key, JSON.stringify({ v: VERSION, entries }));
    } catch {
      /* quota or privacy mode: the memory copy still covers this page's lifetime */
    }
  };

  return {
    sessionId,
    entries: () => [...read()],
    get: (itemId) => read().find((e) => e.itemId === itemId),
    put(change) {
      if (change.sessionId !== sessionId) throw new Error(`journal of session ${sessionId} got a change for ${change.sessionId}`);
      write([...read().filter((e) => e.itemId !== change.itemId), change]);
    },
    ack(itemId, changeId) {
      const entries = read();
      const next = entries.filter((e) => !(e.itemId === itemId && e.changeId === changeId));
      if (next.length === entries.length) return false;
      write(next);
      return true;
    },
    size: () => read().length,
    clear: () => write([]),
  };
}

let counter = 0;

/** Unique enough to match acks to changes; randomUUID is missing on old browsers and on plain http. */
export function newChangeId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    try {
      return crypto.randomUUID();
    } catch {
      /* insecure context */
    }
  }
  counter += 1;
  return `${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
