import { ConfigError, loadConfig } from './config.js';
import { migrate, openDatabase } from './db/client.js';
import { composeApp } from './compose.js';
import { systemClock } from './platform/clock.js';
import type { Deps } from './platform/context.js';
import { busSourceOf, createEventBus } from './platform/events/index.js';
import { createLogger } from './platform/log.js';
import { startup } from './startup.js';
import { prepareWebAssets } from './web-assets.js';
import { incidentReactors } from './reactors.js';

/** Composition root: config, database, migrations, boot tasks, HTTP server and job worker, clean shutdown. */
async function main() {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(database.db);
  if (applied.length) log.info({ migrations: applied }, 'migrations applied');
  const bus = await createEventBus(busSourceOf(database, config.databaseUrl), log);
  const deps: Deps = { db: database.db, dbKind: database.kind, clock: systemClock, config, log, reactors: incidentReactors, bus };
  const boot = await startup(deps);
  if (config.role !== 'worker') await prepareWebAssets(log);
  const app = config.role === 'worker' ? null : await composeApp(deps);
  if (app) await app.listen({ port: config.port, host: config.host });
  log.info({ url: config.baseUrl, database: database.kind, role: config.role, readyMs: Date.now() - started }, 'Vigil is ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      if (app) await app.close();
      await bus.close();
      await boot.stop();
      await database.close();
      clearTimeout(force);
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Vigil failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
