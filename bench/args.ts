import { parseArgs } from 'node:util';

export const BENCH_USAGE = `Usage: npm run bench -- [options]

  --candidates N   simulated candidates (default 2000)
  --interval S     seconds between one candidate's answer saves (default 5)
  --duration S     seconds of saving (default 60)
  --workers N      load-generator processes (default 2)
  --port P         port of the server under test (default 3900)
  --store S        sqlite (default) or pg: PostgreSQL at KAOCHANG_TEST_PG_URL
                   (default postgres://postgres@127.0.0.1:5432/test), a database of the run's own
  --nodes N        app nodes (default 1); more than one needs --store pg and Redis at
                   KAOCHANG_TEST_REDIS_URL (default redis://127.0.0.1:6379), on ports P, P+1, …
  --reply R        start reply the load generator asks for: compact (default, as the exam
                   page asks: shared/session-view-wire.ts) or today (the full SessionView JSON)
  --profile DIR    write V8 CPU profiles of the server to DIR
  --node-flags=F   node's flags for the server (default: those of package.json's serve
                   script, as production runs it), e.g. --node-flags="--max-semi-space-size=16"
  --help           this text
`;

export type BenchArgs = { candidates: number; interval: number; duration: number; workers: number; port: number; store: 'sqlite' | 'pg'; nodes: number; reply: 'compact' | 'today'; profile?: string; nodeFlags?: string[] };
export type ParsedBenchArgs = { kind: 'run'; args: BenchArgs } | { kind: 'help' } | { kind: 'error'; message: string };

const positive = { candidates: 'candidates', interval: 'interval', duration: 'duration', workers: 'workers', port: 'port', nodes: 'nodes' } as const;

/** The bench's command line; a mistake is a message for the usage text, never a stack trace. */
export function parseBenchArgs(argv: readonly string[]): ParsedBenchArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        candidates: { type: 'string', default: '2000' },
        interval: { type: 'string', default: '5' },
        duration: { type: 'string', default: '60' },
        workers: { type: 'string', default: '2' },
        port: { type: 'string', default: '3900' },
        store: { type: 'string', default: 'sqlite' },
        nodes: { type: 'string', default: '1' },
        reply: { type: 'string', default: 'compact' },
        profile: { type: 'string' },
        'node-flags': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  if (values.help) return { kind: 'help' };
  const numbers: Partial<Record<keyof typeof positive, number>> = {};
  for (const name of Object.keys(positive) as (keyof typeof positive)[]) {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n <= 0) return { kind: 'error', message: `--${name} must be a positive number (got ${String(values[name])})` };
    numbers[name] = n;
  }
  const store = values.store;
  if (store !== 'sqlite' && store !== 'pg') return { kind: 'error', message: `--store must be sqlite or pg (got ${String(store)})` };
  if (!Number.isInteger(numbers.nodes)) return { kind: 'error', message: `--nodes must be a whole number (got ${String(values.nodes)})` };
  // Several nodes on one SQLite file is not a supported setup.
  if (numbers.nodes! > 1 && store !== 'pg') return { kind: 'error', message: '--nodes above 1 needs --store pg' };
  const reply = values.reply;
  if (reply !== 'compact' && reply !== 'today') return { kind: 'error', message: `--reply must be compact or today (got ${String(reply)})` };
  const profile = typeof values.profile === 'string' ? values.profile : undefined;
  const nodeFlags = typeof values['node-flags'] === 'string' ? values['node-flags'].split(/\s+/).filter(Boolean) : undefined;
  return { kind: 'run', args: { ...(numbers as Omit<BenchArgs, 'profile' | 'store' | 'nodeFlags' | 'reply'>), store, reply, ...(profile ? { profile } : {}), ...(nodeFlags ? { nodeFlags } : {}) } };
}

/**
 * node's flags in `npm run serve` (`node <flags> dist/server/src/main.js`): the server under test
 * starts as production does, V8's heap settings included.
 */
export function serveNodeFlags(serveScript: string): string[] {
  const words = serveScript.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`the serve script does not start node: ${serveScript}`);
  return words.slice(1, -1);
}
