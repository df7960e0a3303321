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
  /**
   * Records a change, replacing any older pending change of the same item, and gives it the
   * session's next sequence number (late sync: the server checks they grow with the times stamped).
   */
  put(change: AnswerSave): AnswerSave;
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

type Stored = { entries: AnswerSave[]; seq: number };

function parse(raw: string | null, sessionId: number): Stored {
  if (!raw) return { entries: [], seq: 0 };
  try {
    const data: unknown = JSON.parse(raw);
    if (typeof data !== 'object' || data === null || (data as { v?: unknown }).v !== VERSION) return { entries: [], seq: 0 };
    const entries = (data as { entries?: unknown }).entries;
    const kept = Array.isArray(entries) ? entries.filter((e): e is AnswerSave => isChange(e, sessionId)) : [];
    const seq = (data as { seq?: unknown }).seq;
    const highest = Math.max(0, ...kept.map((e) => e.seq ?? 0));
    return { entries: kept, seq: typeof seq === 'number' && Number.isInteger(seq) ? Math.max(seq, highest) : highest };
  } catch {
    return { entries: [], seq: 0 };
  }
}

export function openJournal(sessionId: number, store: KeyValueStore | null = browserStore()): Journal {
  const key = journalKey(sessionId);
  // Mirrors the store so the journal keeps working in memory when storage is full or forbidden.
  let memory: Stored = { entries: [], seq: 0 };

  const load = (): Stored => {
    if (!store) return memory;
    try {
      // Re-read every time: another tab of the same session may have written meanwhile.
      const stored = parse(store.getItem(key), sessionId);
      // The counter never goes back, even once the storage was emptied by acks.
      memory = { entries: stored.entries, seq: Math.max(stored.seq, memory.seq) };
    } catch {
      /* keep the in-memory copy */
    }
    return memory;
  };
  const read = (): AnswerSave[] => load().entries;

  const write = (entries: AnswerSave[], seq = memory.seq) => {
    memory = { entries, seq };
    if (!store) return;
    try {
      // Kept while empty too: the sequence must keep growing for the whole session.
      store.setItem(key, JSON.stringify({ v: VERSION, entries, seq }));
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
      const { entries, seq } = load();
      const stamped = { ...change, seq: seq + 1 };
      write([...entries.filter((e) => e.itemId !== change.itemId), stamped], seq + 1);
      return stamped;
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
