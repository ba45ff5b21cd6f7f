import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openTestDatabase, testConfig } from '../../../test/harness.js';
import { runCli } from '../../cli.js';
import { migrate, openDatabase, type Database } from '../../db/client.js';
import { systemActor } from '../../platform/context.js';
import { appendAudit } from './audit.commands.js';

/** A database the CLI can open itself: a data directory (embedded) or the test database's URL (server). */
async function cliDatabase(): Promise<{ database: Database; config: ReturnType<typeof testConfig> }> {
  if (process.env.VIGIL_TEST_DB === 'postgres') {
    const database = await openTestDatabase();
    return { database, config: testConfig({ databaseUrl: database.url }) };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));
  const database = await openDatabase({ dataDir });
  await migrate(database.db);
  return { database, config: testConfig({ dataDir }) };
}

describe('vigil audit verify', () => {
  it('reports an intact chain with exit 0, and the first broken record with exit 1', async () => {
    const { database, config } = await cliDatabase();
    for (let i = 0; i < 5; i++) {
      await database.db.transaction().execute((tx) =>
        appendAudit(tx, systemActor, new Date(), { entityType: 'incident', entityId: String(i), action: 'create', after: { i } }),
      );
    }
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };

    if (database.kind === 'pglite') await database.close();
    expect(await runCli(['audit', 'verify'], io, config)).toBe(0);
    expect(out.join('\n')).toMatch(/intact: 5 records/);

    const again = database.kind === 'pglite' ? await openDatabase({ dataDir: config.dataDir }) : database;
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(again.db);
    await sql`update audit_log set entity_id = 'forged' where seq = 4`.execute(again.db);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(again.db);
    if (again.kind === 'pglite') await again.close();

    expect(await runCli(['audit', 'verify'], io, config)).toBe(1);
    expect(err.join('\n')).toMatch(/BROKEN at record 4/);
    if (again.kind === 'postgres') await again.close();
  });

  it('rejects unknown commands and options with usage and exit 2', async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (l: string) => err.push(l) };
    expect(await runCli(['frobnicate'], io, testConfig())).toBe(2);
    expect(await runCli(['audit', 'verify', '--bogus'], io, testConfig())).toBe(2);
    expect(err.join('\n')).toMatch(/Usage/);
  });
});
