import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDeps, type TestContext } from '../../../test/harness.js';
import { systemActor } from '../../platform/context.js';
import { appendAudit } from './audit.commands.js';
import { verifyAuditChain } from './audit.verify.js';

describe('audit hash chain', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestDeps();
  });
  afterAll(() => ctx.close());

  it('verifies an intact chain and names exactly the record edited behind the application', async () => {
    const { db } = ctx.deps;
    for (let i = 0; i < 12; i++) {
      await db.transaction().execute((tx) =>
        appendAudit(tx, { ...systemActor, ip: '127.0.0.1' }, new Date(Date.UTC(2026, 0, 1, 0, i, 0, 123)), {
          entityType: 'incident',
          entityId: `id-${i}`,
          action: 'update',
          before: { title: `before ${i}`, nested: { b: 1, a: [1, 2, { z: null }] } },
          after: { title: `after ${i}`, at: new Date(Date.UTC(2026, 0, 2)) },
        }),
      );
    }
    const intact = await verifyAuditChain(db, 5);
    expect(intact).toEqual({ ok: true, checked: 12, headSeq: 12, firstBroken: null });

    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
    await sql`update audit_log set after = '{"title":"forged"}'::jsonb where seq = 7`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);

    const tampered = await verifyAuditChain(db, 5);
    expect(tampered.ok).toBe(false);
    expect(tampered.firstBroken?.seq).toBe(7);
  });

  it('refuses updates and deletes through the append-only trigger', async () => {
    await expect(sql`update audit_log set action = 'x' where seq = 1`.execute(ctx.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(ctx.deps.db)).rejects.toThrow(/append-only/);
  });

  it('detects a removed record', async () => {
    const { db } = ctx.deps;
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
    await sql`update audit_log set after = (select after from audit_log where seq = 6) where seq = 7`.execute(db);
    await sql`delete from audit_log where seq = 3`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
    const result = await verifyAuditChain(db);
    expect(result.firstBroken?.seq).toBe(3);
  });
});

describe('audit hash chain under concurrency', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestDeps();
  });
  afterAll(() => ctx.close());

  it('chains records of concurrent transactions in commit order, with rolled-back ones left out', async () => {
    const { db } = ctx.deps;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db
          .transaction()
          .execute(async (tx) => {
            await appendAudit(tx, systemActor, new Date(), { entityType: 'test', entityId: `a${i}`, action: 'first' });
            await appendAudit(tx, systemActor, new Date(), { entityType: 'test', entityId: `a${i}`, action: 'second', after: { i } });
            if (i % 5 === 0) throw new Error('roll back');
          })
          .catch(() => undefined),
      ),
    );
    const result = await verifyAuditChain(db);
    expect(result).toEqual({ ok: true, checked: 64, headSeq: 64, firstBroken: null });
    const pairs = await sql<{ n: number }>`select count(distinct entity_id)::int as n from audit_log`.execute(db);
    expect(pairs.rows[0]?.n).toBe(32);
  });
});
