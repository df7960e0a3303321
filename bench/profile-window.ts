import fs from 'node:fs';

/**
 * `npm run bench:profile -- PROFILE.cpuprofile [FROM-TO] [top] [--stack REGEX]`: self time of a V8
 * CPU profile (`npm run bench -- --profile DIR`) summed by function and by package or file, within
 * a window of the monotonic clock in µs (the bench prints the saving window's). A whole-run profile
 * is mostly the login and start storms; the save path's costs only show within its window.
 * `--stack REGEX`: the samples whose stack passes through a matching frame (`label place:line`),
 * as a share of the busy (not idle) ones, by leaf; with PATHS=1 by the stack below the match, with
 * UP=1 by the callers above it. On a loaded machine samples count time waiting for a core too:
 * read shares, and the bench's CPU per save for absolute figures.
 */

type Frame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

/** Where a function lives: its npm package, else its file under the project, else V8's own label. */
function placeOf(url: string): string {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const ours = /\/(server|shared)\/src\/(.*)$|\/(shared\/.*)$/.exec(url);
  if (ours) return ours[3] ?? `${ours[1]}/${ours[2]}`;
  return url.replace(/^file:\/\//, '');
}

/** Self µs by node id, for samples whose time falls inside [from, to]. */
function selfTimes(profile: Profile, from: number, to: number): Map<number, number> {
  const self = new Map<number, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    // A sample's time is the interval up to the next one.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (t < from || t > to) continue;
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  return self;
}

function summarise(profile: Profile, from: number, to: number) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfTimes(profile, from, to)) {
    const f = nodes.get(id)!.callFrame;
    const place = placeOf(f.url);
    const name = `${f.functionName || '(anonymous)'} ${place}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    total += us;
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, byFunction: sorted(byFunction), byPlace: sorted(byPlace) };
}

/** µs of samples whose stack holds a frame matching `pattern` (function name and place), with the leaves they end in. */
function within(profile: Profile, from: number, to: number, pattern: RegExp, paths: boolean) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number) => {
    const f = nodes.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${placeOf(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  };
  const matches = new Map<number, boolean>();
  const inside = (id: number): boolean => {
    if (matches.has(id)) return matches.get(id)!;
    const p = parent.get(id);
    const m = pattern.test(label(id)) || (p !== undefined && inside(p));
    matches.set(id, m);
    return m;
  };
  // `paths`: whole stacks (the matching frame and below), to see who called.
  const pathOf = (id: number): string => {
    const names: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      names.push(label(at));
      if (pattern.test(label(at))) break;
    }
    return names.reverse().join(' > ');
  };
  // `UP=1`: the six callers above the matching frame.
  const callersOf = (id: number): string => {
    let at: number | undefined = id;
    while (at !== undefined && !pattern.test(label(at))) at = parent.get(at);
    const names: string[] = [];
    for (; at !== undefined && names.length < 7; at = parent.get(at)) names.push(label(at));
    return names.reverse().join(' > ');
  };
  let us = 0;
  const leaves = new Map<string, number>();
  for (const [id, t] of selfTimes(profile, from, to)) {
    if (!inside(id)) continue;
    us += t;
    const key = paths ? pathOf(id) : process.env.UP === '1' ? callersOf(id) : label(id);
    leaves.set(key, (leaves.get(key) ?? 0) + t);
  }
  return { us, leaves: [...leaves].sort((a, b) => b[1] - a[1]) };
}

function main() {
  const stackArg = process.argv.indexOf('--stack');
  const pattern = stackArg > 0 ? new RegExp(process.argv.splice(stackArg, 2)[1]!) : undefined;
  const [file, window, topArg] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: tsx bench/profile-window.ts PROFILE.cpuprofile [FROM-TO] [top]\n');
    process.exit(2);
  }
  const top = Number(topArg ?? 40);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const [from, to] = window ? window.split('-').map(Number) : [profile.startTime, profile.endTime];
  const { total, byFunction, byPlace } = summarise(profile, from!, to!);
  if (pattern) {
    const { us, leaves } = within(profile, from!, to!, pattern, process.env.PATHS === '1');
    const busy = total - byFunction.filter(([name]) => name.startsWith('(idle)')).reduce((s, [, t]) => s + t, 0);
    process.stdout.write(`stacks through /${pattern.source}/: ${(us / 1000).toFixed(1)} ms, ${((us / busy) * 100).toFixed(1)} % of the busy samples\n`);
    for (const [name, t] of leaves.slice(0, top)) process.stdout.write(`${(t / 1000).toFixed(1).padStart(9)} ms  ${name}\n`);
    return;
  }
  const idle = byFunction.filter(([name]) => name.startsWith('(idle)')).reduce((s, [, us]) => s + us, 0);
  const line = ([name, us]: [string, number]) => `${(us / 1000).toFixed(1).padStart(9)} ms ${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`;
  process.stdout.write(`window ${((to! - from!) / 1e6).toFixed(1)} s, sampled ${(total / 1e6).toFixed(2)} s, of which idle ${(idle / 1e6).toFixed(2)} s\n\nby package or file:\n`);
  process.stdout.write(`${byPlace.slice(0, top).map(line).join('\n')}\n\nby function:\n${byFunction.slice(0, top).map(line).join('\n')}\n`);
}

main();
