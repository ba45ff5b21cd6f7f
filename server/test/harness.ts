import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import type { Deps } from '../src/platform/context.js';
import { busSourceOf, createEventBus } from '../src/platform/events/index.js';
import { createLogger } from '../src/platform/log.js';
import { composeApp } from '../src/compose.js';
import { incidentReactors } from '../src/reactors.js';
import { withDatabase } from './global-setup.js';

/** A clock that follows real time until a test sets or advances it. */
export function testClock() {
  let offset = 0;
  let frozen: number | null = null;
  return {
    now: () => new Date(frozen ?? Date.now() + offset),
    set: (at: Date | string) => void (frozen = new Date(at).getTime()),
    advance: (ms: number) => (frozen === null ? void (offset += ms) : void (frozen += ms)),
    release: () => void (frozen = null),
  };
}
export type TestClock = ReturnType<typeof testClock>;

/** A fresh, migrated database for one test file: a copy of the run's template on PGlite or on the PostgreSQL server. */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const target = inject('testDb');
  if (target.kind === 'pglite') {
    return openDatabase({ dataDir: os.tmpdir(), inMemory: true, loadFrom: target.template });
  }
  const name = `${target.template}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: target.url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${target.template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(target.url, name);
  const database = await openDatabase({ databaseUrl: url, dataDir: os.tmpdir(), poolSize: 8 });
  return { ...database, url };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ VIGIL_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'silent' }, { dataDir: os.tmpdir(), ...overrides });
}

export type TestContext = { deps: Deps & { clock: TestClock }; database: Database & { url?: string }; close: () => Promise<void> };

export async function createTestDeps(configOverrides: Partial<Config> = {}): Promise<TestContext> {
  const database = await openTestDatabase();
  const config = testConfig(configOverrides);
  const log = createLogger('silent');
  const bus = await createEventBus(busSourceOf(database, database.url), log);
  const deps = { db: database.db, dbKind: database.kind, clock: testClock(), config, log, reactors: incidentReactors, bus };
  return {
    deps,
    database,
    close: async () => {
      await bus.close();
      await database.close();
    },
  };
}

/** The composed HTTP app on a fresh database, driven through app.inject(). */
export async function createTestApp(configOverrides: Partial<Config> = {}): Promise<TestContext & { app: FastifyInstance }> {
  const ctx = await createTestDeps(configOverrides);
  const app = await composeApp(ctx.deps);
  await app.ready();
  return {
    ...ctx,
    app,
    close: async () => {
      await app.close();
      await ctx.close();
    },
  };
}
