/** A V8 heap snapshot as `v8.writeHeapSnapshot` writes it (only the fields read here). */
type Snapshot = { snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } }; nodes: number[]; strings: string[] };

/**
 * Counts and self sizes of a heap snapshot's nodes by kind: closures, arrays, strings, code …, and
 * objects by constructor name (`object:Socket`), so that two snapshots say what N connections added.
 */
export function countByKind(snap: Snapshot): Map<string, { count: number; bytes: number }> {
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const key = type === 'object' ? `object:${snap.strings[snap.nodes[i + nameAt]!]}` : type;
    const e = out.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += snap.nodes[i + sizeAt]!;
    out.set(key, e);
  }
  return out;
}

/** What `after` holds more than `before`, per `units` (per connection), the largest first; kinds under 0.5 per unit are left out. */
export function perUnit(before: ReadonlyMap<string, { count: number; bytes: number }>, after: ReadonlyMap<string, { count: number; bytes: number }>, units: number) {
  const rows = [...after].map(([kind, a]) => {
    const b = before.get(kind) ?? { count: 0, bytes: 0 };
    return { kind, count: Math.round(((a.count - b.count) / units) * 10) / 10, bytes: Math.round((a.bytes - b.bytes) / units) };
  });
  return rows.filter((r) => r.count >= 0.5).sort((x, y) => y.bytes - x.bytes);
}
