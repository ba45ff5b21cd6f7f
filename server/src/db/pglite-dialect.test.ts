import os from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './client.js';

// The embedded driver must serialise transactions: kysely-pglite lets an interleaved rolled-back transaction's rows persist.
describe('PGlite dialect', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: os.tmpdir(), inMemory: true });
    await sql`create table t (v text)`.execute(database.db);
  });
  afterAll(() => database.close());

  it('keeps a rolled-back transaction out even when another commits in between', async () => {
    const { db } = database;
    let releaseA!: () => void;
    const aInserted = new Promise<void>((r) => (releaseA = r));
    const a = db.transaction().execute(async (tx) => {
      await tx.insertInto('t' as never).values({ v: 'a' } as never).execute();
      releaseA();
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('roll back A');
    });
    await aInserted;
    const b = db.transaction().execute(async (tx) => {
      await tx.insertInto('t' as never).values({ v: 'b' } as never).execute();
    });
    await expect(a).rejects.toThrow('roll back A');
    await b;
    const rows = await sql<{ v: string }>`select v from t order by v`.execute(db);
    expect(rows.rows.map((r) => r.v)).toEqual(['b']);
  });

  it('runs many concurrent transactions without losing or mixing writes', async () => {
    const { db } = database;
    await sql`delete from t`.execute(db);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db
          .transaction()
          .execute(async (tx) => {
            await tx.insertInto('t' as never).values({ v: `x${i}` } as never).execute();
            if (i % 4 === 0) throw new Error('rollback');
          })
          .catch(() => undefined),
      ),
    );
    const n = await sql<{ n: number }>`select count(*)::int as n from t`.execute(db);
    expect(n.rows[0]?.n).toBe(30);
  });
});
