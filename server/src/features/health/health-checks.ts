import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import { migrationStatus } from '../../core/db/migrations.ts';

/** Below either, the exam centre should free space before the next sitting's screenshots arrive. */
export const DISK_LOW_BYTES = 1024 ** 3;
export const DISK_LOW_FRACTION = 0.05;
/** A p99 above this means answers wait to be acknowledged. */
export const EVENT_LOOP_SLOW_MS = 200;

/**
 * A write lock taken and given back: fails on a read-only file or folder, or a database another
 * process holds locked. It writes nothing, so a probe every few seconds costs no fsync.
 */
export function checkWritable(sqlite: Database.Database): { ok: boolean; writable: boolean; error?: string } {
  if (sqlite.readonly) return { ok: false, writable: false, error: 'opened read-only' };
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
    return { ok: true, writable: true };
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    return { ok: false, writable: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export function checkMigrations(sqlite: Database.Database) {
  const s = migrationStatus(sqlite);
  return { ok: s.current, applied: s.applied, known: s.known, latest: s.latest };
}

export function checkDisk(dir: string) {
  const s = fs.statfsSync(dir);
  const freeBytes = s.bavail * s.bsize;
  const totalBytes = s.blocks * s.bsize;
  return { ok: freeBytes >= DISK_LOW_BYTES && freeBytes >= totalBytes * DISK_LOW_FRACTION, freeBytes, totalBytes };
}

/** Event-loop delay since the previous probe (or start), sampled every 20 ms. */
export function createEventLoopProbe() {
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  const ms = (ns: number) => Math.round((Number.isFinite(ns) ? ns : 0) / 1e4) / 100;
  return {
    read() {
      const out = { meanMs: ms(histogram.mean), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) };
      histogram.reset();
      return { ok: out.p99Ms <= EVENT_LOOP_SLOW_MS, ...out };
    },
    stop: () => histogram.disable(),
  };
}
