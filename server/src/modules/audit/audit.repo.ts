import { sql } from 'kysely';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import type { AuditLogRow } from '../../db/schema.js';

/** Locks the chain head for the rest of the transaction: audit records are appended in one order. */
export async function lockAuditHead(tx: Tx): Promise<{ seq: number; hash: string }> {
  return tx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
}

export async function insertAuditRecord(tx: Tx, row: Omit<AuditLogRow, 'before' | 'after'> & { before: unknown; after: unknown }) {
  await tx
    .insertInto('audit_log')
    .values({ ...row, before: row.before === null ? null : JSON.stringify(row.before), after: row.after === null ? null : JSON.stringify(row.after) })
    .execute();
  await tx.updateTable('audit_head').set({ seq: row.seq, hash: row.hash }).where('id', '=', 1).execute();
}

export async function selectAuditHead(db: DbOrTx) {
  return db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
}

/** Records in chain order, one page at a time (the verifier streams the whole chain). */
export async function selectAuditRange(db: DbOrTx, afterSeq: number, limit: number): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export type AuditFilter = {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  beforeSeq?: number | undefined;
  limit: number;
};

export async function selectAuditRecords(db: Db, f: AuditFilter): Promise<AuditLogRow[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.beforeSeq) q = q.where('seq', '<', f.beforeSeq);
  return q.orderBy('seq', 'desc').limit(f.limit).execute();
}

export async function countAuditRecords(db: DbOrTx): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db);
  return r.rows[0]?.n ?? 0;
}
