import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate, openDatabase } from '../src/db/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: { kind: 'pglite'; template: string } | { kind: 'postgres'; url: string; template: string };
  }
}

/** Migrates one template database per run; each test file starts from a copy of it. */
export async function setup(project: TestProject) {
  const kind = process.env.VIGIL_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-test-'));
    const file = path.join(dir, 'migrated.tar.gz');
    const database = await openDatabase({ dataDir: dir, inMemory: true });
    await migrate(database.db);
    await database.dumpTo!(file);
    await database.close();
    project.provide('testDb', { kind, template: file });
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const template = `vigil_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const database = await openDatabase({ databaseUrl: withDatabase(url, template), dataDir: os.tmpdir() });
  await migrate(database.db);
  await database.close();
  project.provide('testDb', { kind, url, template });
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${template}%`]);
    for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
