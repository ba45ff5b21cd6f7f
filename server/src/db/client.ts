import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import { lockDataDir } from './lock-file.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Repos take either the pool or a transaction. */
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  close: () => Promise<void>;
  /** Embedded only: writes the whole database as a gzipped tarball (test templates, backups). */
  dumpTo?: (file: string) => Promise<void>;
  /** Embedded only: the PGlite instance, whose notifications feed the event bus. */
  pglite?: PGlite;
};

export type OpenOptions = {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** Embedded only: keep the database in memory (tests). */
  inMemory?: boolean;
  /** Embedded only: start a new database from this tarball instead of the install-time template. */
  loadFrom?: string;
};

const INT8 = 20;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));

/** The pre-initialised PGlite data directory built at install time (scripts/prepare-template.mjs). */
export const templatePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../template/pglite.tar.gz');

/** Opens the configured database: a PostgreSQL server when a URL is given, embedded PGlite otherwise. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    pool.on('error', () => {
      // idle client errors (server restart) surface on the next query instead of crashing the process
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const release = options.inMemory ? () => {} : lockDataDir(options.dataDir);
  try {
    const pglite = await createPGlite(options);
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      pglite,
      dumpTo: async (file) => {
        const blob = await pglite.dumpDataDir('gzip');
        writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
      },
      close: async () => {
        await db.destroy();
        await pglite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

async function createPGlite(options: OpenOptions): Promise<PGlite> {
  const parsers = { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) };
  const pgdata = options.inMemory ? undefined : path.join(options.dataDir, 'pgdata');
  const fresh = !pgdata || !existsSync(path.join(pgdata, 'PG_VERSION'));
  const source = options.loadFrom ?? templatePath;
  const loadDataDir = fresh && existsSync(source) ? new Blob([readFileSync(source)]) : undefined;
  // PGlite's default 128 MB of shared buffers is most of its resident memory; 32 MB keeps an embedded
  // instance small, and a smaller WAL keeps the data directory small (bench/README.md has the numbers).
  const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB', '-c', 'max_wal_size=128MB', '-c', 'min_wal_size=32MB'];
  const pglite = new PGlite({ ...(pgdata ? { dataDir: pgdata } : {}), parsers, startParams, ...(loadDataDir ? { loadDataDir } : {}) });
  await pglite.waitReady;
  return pglite;
}

/** Brings the schema up to date. Migrations are append-only and listed in migrations/index.ts. */
export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'vigil_migrations',
    migrationLockTableName: 'vigil_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
