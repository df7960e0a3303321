import path from 'node:path';
import { buildApp, defaultBanksDir } from './app.ts';
import { ShiftableClock, systemClock } from './core/clock.ts';
import { ConfigError, loadConfig } from './core/config.ts';
import { openDatabase } from './core/db/connection.ts';
import { seedDemo } from './features/demo/seed.ts';
import { DEMO_CANDIDATE_PASSWORD, DEMO_CANDIDATES, DEMO_GRADING_CANDIDATES, DEMO_STAFF } from './features/demo/demo-data.ts';


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
  const db = openDatabase(config.dbFile);
  // A clock an administrator can move forward, for rehearsals only (config refuses it in production).
  const clock = config.clockControl ? new ShiftableClock() : systemClock;
  const seeded = config.seedDemo ? await seedDemo(db, clock, defaultBanksDir, config.dataDir) : false;
  const app = await buildApp({ config, clock, db });

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    db.$client.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  app.log.info({ database: path.relative(process.cwd(), config.dbFile), seeded }, 'database ready');
  const banner = [
    '',
    `  考场 Kaochang is running at ${url}`,
    `  API docs: ${url}/api/docs`,
    ...(config.seedDemo
      ? [
          '  Demo logins (only on a demo database):',
          ...DEMO_STAFF.map((s) => `    ${s.role.padEnd(8)} ${s.login} / ${s.password}`),
          `    candidate admission tickets ${DEMO_CANDIDATES.map((c) => c.ticketNo).join(', ')} / ${DEMO_CANDIDATE_PASSWORD}`,
          `    with scripts to mark (theory scored, skills submitted): ${DEMO_GRADING_CANDIDATES.map((c) => c.ticketNo).join(', ')} / ${DEMO_CANDIDATE_PASSWORD}`,
        ]
      : []),
    '',
  ].join('\n');
  process.stdout.write(`${banner}\n`);
  if (config.env === 'production' && seeded) app.log.warn('demo accounts with published passwords were created: change them or set SEED_DEMO=false');
}

main().catch((err: unknown) => {
  process.stderr.write(`Kaochang failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
