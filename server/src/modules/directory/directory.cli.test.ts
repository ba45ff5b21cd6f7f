import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testConfig } from '../../../test/harness.js';
import type { Config } from '../../config.js';
import { runCli } from '../../cli.js';
import { openDatabase, type Database } from '../../db/client.js';
import { sha256Hex } from './auth.crypto.js';
import { verifyPassword } from './auth.crypto.js';
import { auditOf } from './directory.test-support.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) }, out, err };
}

describe('vigil user create / token create', () => {
  let config: Config;
  let dataDir: string | null = null;
  let pgDatabase: Database | null = null;
  /** Runs the check against the same database the CLI used (PGlite: after the CLI released its directory). */
  let withDb: <T>(fn: (db: Database) => Promise<T>) => Promise<T>;

  beforeAll(async () => {
    const database = await openTestDatabase();
    if (database.url) {
      pgDatabase = database;
      config = testConfig({ databaseUrl: database.url });
      withDb = (fn) => fn(database);
    } else {
      await database.close();
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));
      config = testConfig({ dataDir, databaseUrl: undefined });
      withDb = async (fn) => {
        const db = await openDatabase({ dataDir: dataDir!, poolSize: 1 });
        try {
          return await fn(db);
        } finally {
          await db.close();
        }
      };
    }
  });
  afterAll(async () => {
    await pgDatabase?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a user, audited with actor kind cli', async () => {
    const t = io();
    const code = await runCli(['user', 'create', '--email', 'Cli.Admin@Example.test', '--password', 'cli password 1', '--role', 'admin', '--name', 'CLI Admin'], t.io, config);
    expect(t.err).toEqual([]);
    expect(code).toBe(0);
    expect(t.out.at(-1)).toMatch(/^created admin Cli\.Admin@Example\.test \([0-9a-f-]{36}\)$/);
    await withDb(async ({ db }) => {
      const user = await db.selectFrom('users').selectAll().where('email', '=', 'Cli.Admin@Example.test').executeTakeFirstOrThrow();
      expect(user).toMatchObject({ name: 'CLI Admin', role: 'admin', active: true });
      expect(await verifyPassword(user.password_hash, 'cli password 1')).toBe(true);
      const [record] = await auditOf(db, 'user', user.id, 'create');
      expect(record).toMatchObject({ actor_type: 'cli', actor_id: null, after: { email: 'Cli.Admin@Example.test', role: 'admin' } });
      expect(JSON.stringify(record)).not.toContain('cli password 1');
    });
  });

  it('creates a token and prints it alone on the last line, audited with actor kind cli', async () => {
    const t = io();
    const code = await runCli(['token', 'create', '--email', 'cli.admin@example.test', '--name', 'deploy bot', '--scope', 'read'], t.io, config);
    expect(t.err).toEqual([]);
    expect(code).toBe(0);
    const token = t.out.at(-1)!;
    expect(token).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    await withDb(async ({ db }) => {
      const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256Hex(token)).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ name: 'deploy bot', scope: 'read', revoked_at: null });
      const [record] = await auditOf(db, 'api_token', row.id, 'create');
      expect(record).toMatchObject({ actor_type: 'cli', after: { name: 'deploy bot', scope: 'read' } });
      expect(JSON.stringify(record)).not.toContain(token);
    });
  });

  it('reports bad input and unknown users without a stack trace', async () => {
    const badRole = io();
    expect(await runCli(['user', 'create', '--email', 'x@example.test', '--password', 'long enough', '--role', 'boss'], badRole.io, config)).toBe(2);
    expect(badRole.err.join('\n')).toMatch(/--role/);
    const shortPassword = io();
    expect(await runCli(['user', 'create', '--email', 'x@example.test', '--password', 'short', '--role', 'agent'], shortPassword.io, config)).toBe(2);
    expect(shortPassword.err.join('\n')).toMatch(/--password/);
    const duplicate = io();
    expect(await runCli(['user', 'create', '--email', 'CLI.ADMIN@example.test', '--password', 'long enough', '--role', 'agent'], duplicate.io, config)).toBe(1);
    expect(duplicate.err.join('\n')).toMatch(/already exists/);
    const unknown = io();
    expect(await runCli(['token', 'create', '--email', 'nobody@example.test', '--name', 'x', '--scope', 'write'], unknown.io, config)).toBe(1);
    expect(unknown.err.join('\n')).toMatch(/User not found/);
    const badScope = io();
    expect(await runCli(['token', 'create', '--email', 'cli.admin@example.test', '--name', 'x', '--scope', 'admin'], badScope.io, config)).toBe(2);
    expect(badScope.err.join('\n')).toMatch(/--scope/);
  });
});
