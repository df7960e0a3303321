import type { FastifyBaseLogger } from 'fastify';

/** While this node's Redis connection is down, how long a cached entry is served (wall time). */
export const CACHE_FALLBACK_TTL_MS = 5_000;

/**
 * Per-node caches of data that changes (a sitting's room settings, a paper's keys after a
 * correction, a SEB policy) hear of a change made on any node through this bus (docs/cluster.md §5,
 * "Caches across nodes"). On one node it is a local call. In cluster mode it is a server-side emit
 * through the Redis adapter; while this node's Redis connection is down, invalidations may be lost
 * either way, so entries are served for at most `fallbackTtlMs`, and when the connection is back
 * every cache here is cleared and every other node is told to clear its own.
 */
export type CacheBus = {
  /** `key` of `topic` changed (null: all of it): this node's listeners run now, the other nodes' when the message arrives. */
  changed(topic: string, key: number | null): void;
  on(topic: string, listener: (key: number | null) => void): void;
  /** How old a cached entry may be and still be served (wall time): unlimited while invalidations are heard. */
  maxAgeMs(): number;
};

/** One node: nothing to tell anyone else, and nothing can be missed. */
export function localCacheBus(): CacheBus {
  const listeners = new Map<string, ((key: number | null) => void)[]>();
  return {
    changed: (topic, key) => {
      for (const fn of listeners.get(topic) ?? []) fn(key);
    },
    on: (topic, fn) => void listeners.set(topic, [...(listeners.get(topic) ?? []), fn]),
    maxAgeMs: () => Infinity,
  };
}

type Link = {
  serverSideEmit(event: 'cache', topic: string, key: number | null): unknown;
  on(event: 'cache', listener: (topic: string, key: number | null) => void): unknown;
};

/** Cluster mode: `link` is the Socket.IO server on the Redis adapter; `redis` its Redis connection. */
export function clusterCacheBus(opts: { link: Link; redis: { status(): 'ok' | 'down'; onReady(listener: () => void): void }; fallbackTtlMs?: number; log: FastifyBaseLogger }): CacheBus {
  const fallbackTtlMs = opts.fallbackTtlMs ?? CACHE_FALLBACK_TTL_MS;
  const local = localCacheBus();
  const topics = new Set<string>();
  const send = (topic: string, key: number | null) => {
    try {
      opts.link.serverSideEmit('cache', topic, key);
    } catch (err) {
      opts.log.warn({ err, topic }, 'cache bus: publishing failed');
    }
  };
  opts.link.on('cache', (topic, key) => local.changed(topic, key));
  // Anything told while the connection was away may be lost, here and for the others: clear all, tell all.
  opts.redis.onReady(() => {
    for (const topic of topics) {
      local.changed(topic, null);
      send(topic, null);
    }
  });

  return {
    changed(topic, key) {
      local.changed(topic, key);
      send(topic, key);
    },
    on(topic, fn) {
      topics.add(topic);
      local.on(topic, fn);
    },
    maxAgeMs: () => (opts.redis.status() === 'ok' ? Infinity : fallbackTtlMs),
  };
}

/**
 * A map of cached values whose entries are dropped when the bus says their group changed (`group`
 * defaults to the key), and not served past `maxAgeMs` (the bus's, or a fixed one for data no
 * change is announced for). A load under way when its topic changes is not kept: it may have read
 * the old data. At most `maxEntries` are kept (issue #19: keyed by candidate, a node up for weeks
 * would otherwise keep everyone it ever served): the least recently read goes first.
 */
export function busCache<V>(bus: CacheBus, topic: string, opts: { maxAgeMs?: number; wallNow?: () => number; maxEntries?: number } = {}) {
  const maxEntries = opts.maxEntries ?? Infinity;
  const wallNow = opts.wallNow ?? Date.now;
  const entries = new Map<number, { value: V; at: number; group: number }>();
  let generation = 0;
  bus.on(topic, (group) => {
    generation++;
    if (group === null) entries.clear();
    else for (const [key, e] of entries) if (e.group === group) entries.delete(key);
  });
  const maxAge = () => Math.min(opts.maxAgeMs ?? Infinity, bus.maxAgeMs());

  function get(key: number): V | undefined {
    const e = entries.get(key);
    if (e) entries.delete(key);
    if (!e || wallNow() - e.at > maxAge()) return undefined;
    // Put back last: a Map iterates in insertion order, so its first entry is the least recently read.
    entries.set(key, e);
    return e.value;
  }
  function set(key: number, value: V, group = key): void {
    entries.delete(key);
    entries.set(key, { value, at: wallNow(), group });
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  }

  return {
    get,
    set,
    /** The cached value, or `load`'s (kept unless the topic changed meanwhile). */
    async read(key: number, load: () => Promise<V>, group?: (value: V) => number): Promise<V> {
      const hit = get(key);
      if (hit !== undefined) return hit;
      const before = generation;
      const value = await load();
      if (generation === before) set(key, value, group?.(value));
      // A change set here meanwhile (a save on this node) wins over what was read before it.
      return get(key) ?? value;
    },
    /**
     * The cached values of `keys`, the missing ones loaded together (`load` gets only those and
     * answers for those it found; the others are `undefined`): thousands of candidates changed at
     * one deadline on a node just started are one read, not thousands. Kept as `read` keeps them.
     */
    async readMany(keys: readonly number[], load: (missing: number[]) => Promise<Map<number, V>>, group?: (value: V) => number): Promise<Map<number, V>> {
      const out = new Map<number, V>();
      const missing: number[] = [];
      for (const key of keys) {
        const hit = get(key);
        if (hit !== undefined) out.set(key, hit);
        else missing.push(key);
      }
      if (missing.length === 0) return out;
      const before = generation;
      const loaded = await load(missing);
      for (const key of missing) {
        const value = loaded.get(key) as V;
        if (generation === before) set(key, value, group?.(value));
        out.set(key, get(key) ?? value);
      }
      return out;
    },
    /** Every node's entries of `group` are stale (this node's at once). */
    changed: (group: number) => bus.changed(topic, group),
    size: () => entries.size,
  };
}
export type BusCache<V> = ReturnType<typeof busCache<V>>;
