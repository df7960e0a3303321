import os from 'node:os';
import path from 'node:path';
import { buildApp, defaultBanksDir } from './app.ts';
import { ShiftableClock, systemClock } from './core/clock.ts';
import { ConfigError, loadConfig, type Config } from './core/config.ts';
import { DatabaseNewerThanCodeError } from './core/db/migrations.ts';
import { openStore } from './core/db/open-store.ts';
import { seedDemo } from './features/demo/seed.ts';
import { DEMO_CANDIDATE_PASSWORD, DEMO_ACCESSIBILITY_CANDIDATES, DEMO_CANDIDATES, DEMO_GRADING_CANDIDATES, DEMO_STAFF } from './features/demo/demo-data.ts';


/** Where exam-room computers can open the site: PUBLIC_URL, or this machine's LAN addresses. */
function siteAddresses(config: Config, port: number): string[] {
  if (config.publicUrl) return [config.publicUrl];
  const local = `http://localhost:${port}`;
  if (config.host !== '0.0.0.0' && config.host !== '::') return [`http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`];
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a!.address}:${port}`);
  return [local, `http://${os.hostname()}:${port}`, ...lan];
}

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  // Errors of idle pooled PostgreSQL connections (a server restart) before the app's logger exists.
  let logIdleError = (err: Error): void => void process.stderr.write(`PostgreSQL connection lost: ${err.message}\n`);
  const store = await openStore(config, { onIdleError: (err) => logIdleError(err) });
  // A clock an administrator can move forward, for rehearsals only (config refuses it in production).
  const clock = config.clockControl ? new ShiftableClock() : systemClock;
  // In a cluster one node seeds (docker-compose.yml): two seeding one empty database at once would collide.
  const seeded = config.seedDemo ? await seedDemo(store.db, clock, defaultBanksDir, config.dataDir) : false;
  const app = await buildApp({ config, clock, store });
  logIdleError = (err) => app.log.warn({ err }, 'an idle PostgreSQL connection failed; the pool reconnects');

  // SIGTERM (docker stop, systemd) or Ctrl+C: stop accepting, close the sockets, commit the writes
  // already received (the group commit), close the database. A stuck close gives up after 15 s.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      app.log.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000).unref();
    await app.close();
    await store.close();
    app.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const urls = siteAddresses(config, port);
  const url = urls[0]!;
  app.log.info({ database: config.database.kind === 'pg' ? 'postgresql' : path.relative(process.cwd(), config.dbFile), seeded }, 'database ready');
  const banner = [
    '',
    `  考场 Kaochang is running at ${urls.join('  ')}`,
    `  API docs: ${url}/api/docs`,
    ...(config.seedDemo
      ? [
          '  Demo logins (only on a demo database):',
          ...DEMO_STAFF.map((s) => `    ${s.role.padEnd(8)} ${s.login} / ${s.password}`),
          `    candidate admission tickets ${DEMO_CANDIDATES.map((c) => c.ticketNo).join(', ')} / ${DEMO_CANDIDATE_PASSWORD}`,
          `    with scripts to mark (theory scored, skills submitted): ${DEMO_GRADING_CANDIDATES.map((c) => c.ticketNo).join(', ')} / ${DEMO_CANDIDATE_PASSWORD}`,
          `    with planned accommodations / for accessibility tests: ${DEMO_ACCESSIBILITY_CANDIDATES.map((c) => c.ticketNo).join(', ')} / ${DEMO_CANDIDATE_PASSWORD}`,
        ]
      : []),
    '',
  ].join('\n');
  process.stdout.write(`${banner}\n`);
  if (config.env === 'production' && seeded) app.log.warn('demo accounts with published passwords were created: change them or set SEED_DEMO=false');
}

main().catch((err: unknown) => {
  if (err instanceof DatabaseNewerThanCodeError) {
    process.stderr.write(`Kaochang did not start: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Kaochang failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
