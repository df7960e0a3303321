type Waiting<K, V> = { key: K; resolve: (v: V | undefined) => void; reject: (e: unknown) => void };

/**
 * Reads of one row by key that arrive together share one query, as the group commit's writes share
 * a COMMIT: the first read waits for the end of the current turn of the event loop, and reads that
 * arrive while a query is under way go into the next one. Alone, a read is one query as before; in
 * a start storm one query serves every candidate whose start arrived meanwhile. For reads outside
 * transactions only (each read's snapshot is the query's, as with READ COMMITTED anyway).
 */
export function batchedRead<K, V>(readMany: (keys: readonly K[]) => Promise<Map<K, V>>, opts: { max?: number } = {}): (key: K) => Promise<V | undefined> {
  const max = opts.max ?? 500;
  let queue: Waiting<K, V>[] = [];
  let busy = false;

  async function run(): Promise<void> {
    const batch = queue.slice(0, max);
    queue = queue.slice(max);
    try {
      const found = await readMany([...new Set(batch.map((w) => w.key))]);
      for (const w of batch) w.resolve(found.get(w.key));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }

  function next(): void {
    if (busy || queue.length === 0) return;
    busy = true;
    setImmediate(() => {
      void run().finally(() => {
        busy = false;
        next();
      });
    });
  }

  return (key: K) =>
    new Promise<V | undefined>((resolve, reject) => {
      queue.push({ key, resolve, reject });
      next();
    });
}
