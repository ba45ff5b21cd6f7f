import { sql } from 'kysely';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import type { AuditLogRow } from '../../db/schema.js';

/**
 * Appends one record to the chain in a single statement: advances the head (row-locked until the
 * transaction ends, so records are chained in commit order), hashes in SQL exactly as `chainHash`
 * does, and inserts the record. Returns its sequence number.
 */
export async function insertChainedAuditRecord(tx: Tx, row: Omit<AuditLogRow, 'seq' | 'prev_hash' | 'hash' | 'before' | 'after'> & { before: unknown; after: unknown }, payload: string): Promise<number> {
  const result = await sql<{ seq: number }>`
    with head as (
      update audit_head h
         set seq = h.seq + 1,
             hash = encode(sha256(convert_to(h.hash || ':' || (h.seq + 1)::text || ':' || ${payload}::text, 'UTF8')), 'hex')
        from (select seq, hash from audit_head where id = 1 for update) old
       where h.id = 1
      returning h.seq, h.hash, old.hash as prev_hash
    )
    insert into audit_log (seq, at, actor_type, actor_id, source_ip, request_id, entity_type, entity_id, action, before, after, prev_hash, hash)
    select head.seq, ${row.at}, ${row.actor_type}, ${row.actor_id}::uuid, ${row.source_ip}, ${row.request_id}, ${row.entity_type}, ${row.entity_id},
           ${row.action}, ${row.before === null ? null : JSON.stringify(row.before)}::jsonb, ${row.after === null ? null : JSON.stringify(row.after)}::jsonb,
           head.prev_hash, head.hash
      from head
    returning seq`.execute(tx);
  return result.rows[0]!.seq;
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
