import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Below either, the exam centre should free space before the next sitting's screenshots arrive. */
export const DISK_LOW_BYTES = 1024 ** 3;
export const DISK_LOW_FRACTION = 0.05;
/** A p99 above this means answers wait to be acknowledged. */
export const EVENT_LOOP_SLOW_MS = 200;

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
