import { percentile } from './stats.ts';

/**
 * Garbage-collection pauses of the server under test, read from its `--trace-gc` lines (issue #19:
 * latency came in bursts at 20,000 candidates while the server used half a core). Each line is one
 * stop-the-world pause: `… 1234 ms: Scavenge 12.3 (15.0) -> 11.1 (16.0) MB, 1.23 / 0.00 ms …`.
 */
/** `heapMb`/`committedMb`: the JS heap's objects and the memory it held after the pause. */
export type GcPause = { atMs: number; kind: 'scavenge' | 'mark-compact' | 'other'; pauseMs: number; heapMb: number; committedMb: number };

const LINE = /\s(\d+) ms: ([A-Za-z-]+(?: \([a-z]+\))?) [\d.]+ \([\d.]+\) -> ([\d.]+) \(([\d.]+)\) MB, ([\d.]+) \/ [\d.]+ ms/;

export function parseGcLine(line: string): GcPause | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const name = m[2]!;
  const kind = name === 'Scavenge' ? 'scavenge' : name.startsWith('Mark-Compact') ? 'mark-compact' : 'other';
  return { atMs: Number(m[1]), kind, pauseMs: Number(m[5]), heapMb: Number(m[3]), committedMb: Number(m[4]) };
}

/**
 * `peakCommittedMb`: the most the JS heap held (the rest of RSS is code, buffers, malloc, SQLite);
 * `liveAfterFullGcMb`: the heap's live objects after the window's last full GC (null: none ran).
 */
export type GcSummary = { pauses: number; totalMs: number; shareOfWall: number; p99Ms: number; maxMs: number; markCompacts: number; maxMarkCompactMs: number; peakCommittedMb: number; liveAfterFullGcMb: number | null };

/** The pauses between `fromMs` and `toMs` (the process's own clock, as the lines give it). */
export function summariseGc(pauses: readonly GcPause[], fromMs: number, toMs: number): GcSummary {
  const inWindow = pauses.filter((p) => p.atMs >= fromMs && p.atMs <= toMs);
  const sorted = inWindow.map((p) => p.pauseMs).sort((a, b) => a - b);
  const total = sorted.reduce((s, v) => s + v, 0);
  const majors = inWindow.filter((p) => p.kind === 'mark-compact').map((p) => p.pauseMs);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    pauses: sorted.length,
    totalMs: round(total),
    shareOfWall: Math.round((total / Math.max(1, toMs - fromMs)) * 1000) / 1000,
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? 0),
    markCompacts: majors.length,
    maxMarkCompactMs: round(Math.max(0, ...majors)),
    peakCommittedMb: round(Math.max(0, ...inWindow.map((p) => p.committedMb))),
    liveAfterFullGcMb: inWindow.findLast((p) => p.kind === 'mark-compact')?.heapMb ?? null,
  };
}

/** Collects pauses from a stream of `--trace-gc` output, line by line. */
/** A pino error line's (level 50 and up) message and error, to count: why a run's INTERNAL errors happened. */
export function errorLineKey(line: string): string | null {
  if (!line.startsWith('{') || !/"level":(5|6)\d/.test(line)) return null;
  try {
    const entry = JSON.parse(line) as { msg?: string; err?: { message?: string; cause?: { message?: string } } };
    // A failed query's message starts with its SQL: the end (the driver's cause) says why.
    const why = [entry.err?.message, entry.err?.cause?.message].filter(Boolean).map((m) => (m!.length > 240 ? `…${m!.slice(-240)}` : m));
    return [entry.msg ?? '', ...why].join(': ');
  } catch {
    return null;
  }
}

export function gcCollector() {
  const pauses: GcPause[] = [];
  /** The server's error log lines, counted by message (the bench runs it at LOG_LEVEL=warn). */
  const errors = new Map<string, number>();
  let rest = '';
  return {
    pauses,
    errors,
    write(chunk: Buffer | string) {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const p = parseGcLine(line);
        if (p) pauses.push(p);
        const key = p ? null : errorLineKey(line);
        if (key !== null) errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    },
    /** The latest time the process reported: its clock, for windows. */
    lastAtMs: () => pauses.at(-1)?.atMs ?? 0,
  };
}
