import fs from 'node:fs';
import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';

/** No container engine on our machines: the image is checked by reading its Dockerfile. */

const root = new URL('../../../', import.meta.url);
const read = (f: string) => fs.readFileSync(new URL(f, root), 'utf8');

type Instruction = { op: string; args: string };
type Stage = { from: string; name: string | null; steps: Instruction[] };

function stagesOf(dockerfile: string): Stage[] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', args = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      const [, image = '', name = null] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ from: image, name, steps: [] });
    } else stages.at(-1)?.steps.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = stagesOf(read('Dockerfile'));
  const build = stages[0]!;
  const runtime = stages.at(-1)!;
  const steps = (s: Stage, op: string) => s.steps.filter((i) => i.op === op).map((i) => i.args);

  it('builds in one stage and runs from another, on the Node major the product names', () => {
    expect(stages).toHaveLength(2);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    for (const s of stages) expect(s.from).toMatch(new RegExp(`^node:${semver.minVersion(engines)!.major}[.-]`));
    expect(steps(build, 'RUN').join(' ')).toMatch(/npm ci\b/);
    expect(steps(build, 'RUN').join(' ')).toMatch(/npm run build\b/);
    expect(steps(build, 'RUN').join(' ')).toMatch(/npm prune --omit=dev/);
  });

  it('ships no compilers, no sources and no dev dependencies in the runtime stage', () => {
    const run = steps(runtime, 'RUN').join(' ');
    for (const tool of ['g++', 'make', 'python3', 'npm ci', 'npm install']) expect(run).not.toContain(tool);
    const copies = steps(runtime, 'COPY');
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) expect(c, c).toMatch(new RegExp(`^--from=${build.name}\\s`));
    expect(copies.join(' ')).not.toMatch(/\s\.\s/);
    expect(copies.join(' ')).toMatch(/\/app\/dist\b/);
    expect(copies.join(' ')).toMatch(/server\/migrations\s/);
    // The cluster's PostgreSQL migrations, found from the project root by the compiled server too.
    expect(copies.join(' ')).toMatch(/server\/migrations-pg\s/);
    expect(run).toContain('fonts-noto-cjk');
  });

  it('runs as an unprivileged user with its data on a volume and a health check on /api/health', () => {
    const user = steps(runtime, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(steps(runtime, 'VOLUME').join(' ')).toContain('/data');
    expect(steps(runtime, 'ENV').join(' ')).toMatch(/DATA_DIR=\/data/);
    expect(steps(runtime, 'ENV').join(' ')).toMatch(/NODE_ENV=production/);
    const health = steps(runtime, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]).toContain('/api/health');
  });

  it('starts node itself as PID 1 (exec form, no npm or shell), on the compiled server', () => {
    const cmd = steps(runtime, 'CMD');
    expect(cmd).toHaveLength(1);
    const argv = JSON.parse(cmd[0]!) as string[];
    expect(argv[0]).toBe('node');
    expect(argv).toContain('--enable-source-maps');
    expect(argv.at(-1)).toBe('dist/server/src/main.js');
    expect(steps(runtime, 'ENTRYPOINT')).toEqual([]);
  });
});

type ComposeService = {
  build?: string;
  image?: string;
  profiles?: string[];
  volumes?: string[];
  ports?: string[];
  stop_grace_period?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
};

describe('docker-compose.yml', () => {
  const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };
  const inProfile = (p: string) => Object.entries(compose.services).filter(([, s]) => s.profiles?.includes(p));

  it('builds the image and keeps the data on a named volume, with time to shut down', () => {
    const service = compose.services.kaochang;
    expect(service?.build).toBe('.');
    const volume = service?.volumes?.find((v) => v.endsWith(':/data'));
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume!.split(':')[0]);
    expect(Number.parseInt(service?.stop_grace_period ?? '0', 10)).toBeGreaterThanOrEqual(20);
    expect(service?.environment?.NODE_ENV).toBe('production');
  });

  it('starts the single server alone by default, and the cluster alone with --profile cluster', () => {
    // Compose starts services without a profile in every profile: each service names one.
    for (const [name, s] of Object.entries(compose.services)) expect(s.profiles, name).toBeDefined();
    expect(inProfile('single').map(([n]) => n)).toEqual(['kaochang']);
    expect(read('.env')).toMatch(/^COMPOSE_PROFILES=single$/m);
  });

  it('runs PostgreSQL, Redis, three nodes on one shared volume and HAProxy in the cluster profile', () => {
    const cluster = Object.fromEntries(inProfile('cluster'));
    expect(cluster.postgres?.image).toMatch(/^postgres:15\b/);
    expect(cluster.redis?.image).toMatch(/^redis:7\b/);
    const nodes = Object.entries(cluster).filter(([, s]) => s.build === '.');
    expect(nodes.map(([n]) => n)).toEqual(['node1', 'node2', 'node3']);
    const shared = new Set(nodes.map(([, s]) => s.volumes?.find((v) => v.endsWith(':/data'))));
    expect(shared.size).toBe(1);
    for (const [name, s] of nodes) {
      expect(s.environment?.DATABASE_URL, name).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(s.environment?.REDIS_URL, name).toBe('redis://redis:6379');
      expect(s.environment?.TRUST_PROXY, name).toBe('true');
      expect(s.depends_on, name).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
    // One node seeds the demo: several seeding one database at once would race.
    expect(nodes.filter(([, s]) => s.environment?.SEED_DEMO === 'true')).toHaveLength(1);
    expect(cluster.postgres?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(cluster.haproxy?.volumes?.[0]).toMatch(/^\.\/deploy\/haproxy\.cfg:/);
  });

  it('balances every node behind health checks, WebSocket upgrades held for the sitting', () => {
    const cfg = read('deploy/haproxy.cfg');
    for (const n of ['node1', 'node2', 'node3']) expect(cfg).toMatch(new RegExp(`^\\s*server ${n} ${n}:3000 check`, 'm'));
    expect(cfg).toMatch(/option httpchk GET \/api\/health/);
    expect(cfg).toMatch(/http-check expect status 200/);
    expect(cfg).toMatch(/timeout tunnel 1h/);
    expect(cfg).toMatch(/on-marked-down shutdown-sessions/);
    expect(cfg).not.toMatch(/^\s*(cookie|stick)\b/m);
  });
});
